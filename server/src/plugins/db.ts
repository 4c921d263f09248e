import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Database, Db } from '../db/client.js';
import { dateInZone, type Clock } from '../lib/clock.js';
import { createSettingsStore, type SettingsStore } from '../modules/settings/settings.service.js';
import { createItemEvents, type ItemEvents } from '../modules/items/items.events.js';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    db: Db;
    clock: Clock;
    settings: SettingsStore;
    /** Listeners on ledger item changes, run inside the changing transaction. */
    itemEvents: ItemEvents;
    /** Today's calendar date (YYYY-MM-DD) in the committee's time zone, by the app's clock. */
    today(): string;
  }
}

export const configPlugin = fp(
  async function configPlugin(fastify: FastifyInstance, opts: { config: Config; clock: Clock }) {
    fastify.decorate('config', opts.config);
    fastify.decorate('clock', opts.clock);
    fastify.decorate('today', () => dateInZone(opts.clock.now(), opts.config.timeZone));
  },
  { name: 'config' },
);

/** The database the app was given; the app does not own its lifetime unless told to close it. */
export const dbPlugin = fp(
  async function dbPlugin(fastify: FastifyInstance, opts: { database: Database; closeOnShutdown: boolean }) {
    fastify.decorate('database', opts.database);
    fastify.decorate('db', opts.database.db);
    fastify.decorate('settings', createSettingsStore({ db: opts.database.db }));
    fastify.decorate('itemEvents', createItemEvents());
    if (opts.closeOnShutdown) fastify.addHook('onClose', async () => opts.database.close());
  },
  { name: 'db', dependencies: ['config'] },
);
