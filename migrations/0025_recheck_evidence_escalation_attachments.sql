ALTER TABLE "evidence" ADD COLUMN "recheck_id" bigint;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "escalation_record_id" bigint;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_recheck_id_rechecks_id_fk" FOREIGN KEY ("recheck_id") REFERENCES "public"."rechecks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_escalation_record_id_escalation_records_id_fk" FOREIGN KEY ("escalation_record_id") REFERENCES "public"."escalation_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_recheck_idx" ON "evidence" USING btree ("recheck_id") WHERE "evidence"."recheck_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "evidence_escalation_record_idx" ON "evidence" USING btree ("escalation_record_id") WHERE "evidence"."escalation_record_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_item_urged_idx" ON "notifications" USING btree ("item_id","created_at") WHERE "notifications"."kind" = 'item_urged';