-- The review and common-problem indexes keep only the items that name one. Every lookup is by a given review or
-- problem; an item of an inspection or a self-check has neither, yet had an entry in both, written again at a random
-- leaf whenever the item's row got a new version (a saved year's calendar moves tens of thousands of deadlines).
DROP INDEX "items_review_idx";--> statement-breakpoint
DROP INDEX "items_common_problem_idx";--> statement-breakpoint
CREATE INDEX "items_review_idx" ON "items" USING btree ("review_id") WHERE "items"."review_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "items_common_problem_idx" ON "items" USING btree ("common_problem_id") WHERE "items"."common_problem_id" IS NOT NULL;