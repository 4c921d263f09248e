import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

/**
 * The demo committee checks branches' requests at their 党委 (党委初审) before deciding: the police 党委's clerk
 * (`branch`) reviews the requests of its two branches. The 党委s' own requests, and those of organizations without
 * a 党委 above them, still go straight to the committee, as every demo account's own do.
 */
export async function seedDemoReviewLevels({ db, committeeId }: { db: Db; committeeId: number }) {
  await db.execute(sql`INSERT INTO "review_level_settings" ("committee_id", "unit_review", "party_review") VALUES (${committeeId}, false, true) ON CONFLICT DO NOTHING`);
  await db.execute(sql`INSERT INTO "review_endorsers" ("user_id", "created_by") SELECT b."id", a."id" FROM "users" b, "users" a WHERE b."username" = 'branch' AND a."username" = 'admin' ON CONFLICT DO NOTHING`);
}
