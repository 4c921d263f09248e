import { sql } from 'drizzle-orm';
import type { BaseWorld, Scope } from './world.js';

/** The scope whose item a request asks each scope's organization about: its neighbour on the same side of the tree. */
const askedFrom: Record<Scope, Scope> = { own: 'child', child: 'own', parent: 'sibling', sibling: 'parent' };

/**
 * A 举一反三 request from the neighbouring scope's item to the scope's organization, written straight into the tables
 * (the create route is the matrix's own cell): its open answer row is the scope's record for the answer route.
 */
export async function selfCheckAnswer(world: Pick<BaseWorld, 'db' | 'orgOf' | 'targets'>, scope: Scope) {
  const origin = world.targets[askedFrom[scope]];
  const { rows } = await world.db.execute<{ id: number }>(sql`
    WITH r AS (
      INSERT INTO self_check_requests (origin_item_id, asked_by_org_id, problem, deadline, created_by)
      SELECT i.id, i.committee_id, ${`${origin.marker} 举一反三：三会一课记录不规范。`}, '2030-12-31', i.created_by FROM items i WHERE i.id = ${origin.item.id}
      RETURNING id)
    INSERT INTO self_check_answers (request_id, org_id) SELECT r.id, ${world.orgOf(scope)} FROM r RETURNING id`);
  return Number(rows[0].id);
}

const shared = new WeakMap<object, Partial<Record<Scope, Promise<number>>>>();

/** One open answer row per scope and world, made on first use, for cells that are refused and change nothing. */
export function sharedSelfCheckAnswer(world: Pick<BaseWorld, 'db' | 'orgOf' | 'targets'>, scope: Scope) {
  const byScope = shared.get(world.db) ?? {};
  shared.set(world.db, byScope);
  byScope[scope] ??= selfCheckAnswer(world, scope);
  return byScope[scope];
}

export const neighbourOf = (scope: Scope) => askedFrom[scope];
