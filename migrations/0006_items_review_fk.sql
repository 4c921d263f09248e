-- Items have carried review_id and common_problem_id since the ledger was built, before the tables they point to
-- existed; nothing could fill them with a real id, so any value left there is cleared before the keys are added.
UPDATE "items" SET "review_id" = NULL WHERE "review_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "reviews" r WHERE r."id" = "items"."review_id");--> statement-breakpoint
UPDATE "items" SET "common_problem_id" = NULL WHERE "common_problem_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "common_problems" c WHERE c."id" = "items"."common_problem_id");--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_common_problem_id_common_problems_id_fk" FOREIGN KEY ("common_problem_id") REFERENCES "public"."common_problems"("id") ON DELETE restrict ON UPDATE no action;
