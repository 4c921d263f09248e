CREATE TABLE "item_assist_orgs" (
	"item_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	CONSTRAINT "item_assist_orgs_item_id_org_id_pk" PRIMARY KEY("item_id","org_id")
);
--> statement-breakpoint
ALTER TABLE "item_measures" ADD COLUMN "status" text DEFAULT 'not_started' NOT NULL;--> statement-breakpoint
ALTER TABLE "item_measures" ADD COLUMN "owner_user_id" integer;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "measure_id" bigint;--> statement-breakpoint
ALTER TABLE "item_assist_orgs" ADD CONSTRAINT "item_assist_orgs_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_assist_orgs" ADD CONSTRAINT "item_assist_orgs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_assist_orgs_org_idx" ON "item_assist_orgs" USING btree ("org_id","item_id");--> statement-breakpoint
ALTER TABLE "item_measures" ADD CONSTRAINT "item_measures_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_measure_id_item_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."item_measures"("id") ON DELETE set null ON UPDATE no action;