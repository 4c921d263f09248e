-- The app's connections plan every statement for its parameters (plan_cache_mode = force_custom_plan, see
-- server/src/db/client.ts), and that setting reaches the statements inside PL/pgSQL functions too: the rollup
-- triggers re-planned their INSERT … SELECT on every write, about 1 ms of the database's time per workflow step at
-- 1,000,000 items, where running it takes under 0.1 ms. Their statements have no parameter a plan could depend
-- on, so these functions keep the default: planned once per connection, and then reused.
ALTER FUNCTION items_rollup_update_trigger() SET plan_cache_mode = auto;
--> statement-breakpoint
ALTER FUNCTION items_rollup_trigger() SET plan_cache_mode = auto;
--> statement-breakpoint
ALTER FUNCTION item_rollups_apply(text[], integer[], text[], bigint[], text[], boolean[], date[], timestamptz[], date[], integer[]) SET plan_cache_mode = auto;
