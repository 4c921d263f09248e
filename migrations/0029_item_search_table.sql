-- The items' trigram index moves to a table of its own, kept by triggers. A moved deadline (a saved year's calendar
-- moves tens of thousands) writes a new version of the item's row with an entry in each of its indexes; the text
-- index, the costliest of them to write, is now written only when the text itself changes.
CREATE TABLE "item_search" (
	"item_id" bigint PRIMARY KEY NOT NULL,
	"search_text" text NOT NULL
);
--> statement-breakpoint
-- Filled before its text index is built: one build is much faster than an entry at a time.
INSERT INTO "item_search" ("item_id", "search_text") SELECT "id", "search_text" FROM "items";--> statement-breakpoint
DROP INDEX "items_search_trgm_idx";--> statement-breakpoint
ALTER TABLE "item_search" ADD CONSTRAINT "item_search_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_search_trgm_idx" ON "item_search" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
-- New items, however many one statement inserts (an import, a review's comments), enter in one statement.
CREATE FUNCTION items_search_insert_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO item_search (item_id, search_text) SELECT id, search_text FROM new_items;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER items_search_insert AFTER INSERT ON items REFERENCING NEW TABLE AS new_items
  FOR EACH STATEMENT EXECUTE FUNCTION items_search_insert_trigger();
--> statement-breakpoint
-- Row by row: PostgreSQL gives no transition table to a trigger on named columns, and naming the column is what keeps
-- every other update (a step, a moved deadline) from calling the trigger at all.
CREATE FUNCTION items_search_update_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE item_search SET search_text = NEW.search_text WHERE item_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER items_search_update AFTER UPDATE OF search_text ON items
  FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text) EXECUTE FUNCTION items_search_update_trigger();
