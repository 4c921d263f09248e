-- 签收与异议: issued_at is null for an item waiting since it was created, so existing rows need no rewrite.
ALTER TABLE "items" ADD COLUMN "issued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "acknowledged_by" integer;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "objection_kind" text;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "objection_reason" text;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;