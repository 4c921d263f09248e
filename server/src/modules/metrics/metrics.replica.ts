import { Counter, Gauge, type Registry } from 'prom-client';
import type { ReplicaStatus, ServedBy } from '../../db/read-routing.js';

const states = ['none', 'unknown', 'ok', 'lagging', 'down', 'not_standby'] as const;

/**
 * Which database served each heavy read (reports, exports, dashboards, search), and the replica's state and lag as
 * the last probe found them. With no replica configured every read counts as `primary` and the state is `none`.
 */
export function createReplicaCollectors({ registry, status }: { registry: Registry; status: () => ReplicaStatus }) {
  const reads = new Counter({
    name: 'rectify_db_reads_total',
    help: 'Heavy reads (reports, exports, dashboards, search) by the database that served them and route pattern',
    labelNames: ['database', 'route'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'rectify_db_replica_state',
    help: 'The read replica as the last probe found it (1 for the current state): ok, lagging, down, not_standby, unknown, none',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const current = status().state;
      for (const state of states) this.set({ state }, state === current ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rectify_db_replica_lag_seconds',
    help: 'Seconds of commits on the primary the replica may not have replayed yet (-1 when not known)',
    registers: [registry],
    collect() {
      this.set(status().lagSeconds ?? -1);
    },
  });
  return {
    observeRead({ servedBy, route }: { servedBy: ServedBy; route: string }) {
      reads.inc({ database: servedBy, route });
    },
  };
}
