-- Every workflow step changes an item's status. While the status was part of two indexes, each step wrote a new
-- row version with a new entry in every one of the item's ten indexes (the trigram index over its text included).
-- With the status in no index, and a tenth of each page left free for the new version, a step is a heap-only
-- update: the row changes on its page and no index is touched. The ledger list of an organization reads
-- items_org_deadline_idx instead; the daily deadline alerts walk items_committee_deadline_idx (a quarter of a second
-- at 1,000,000 items). Pages written before this migration keep no free space until the table is rewritten
-- (VACUUM FULL or CLUSTER); new and updated pages do.
DROP INDEX "items_org_status_idx";--> statement-breakpoint
DROP INDEX "items_status_deadline_idx";--> statement-breakpoint
ALTER TABLE "items" SET (fillfactor = 90);
