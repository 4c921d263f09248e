CREATE TABLE "recheck_draws" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recheck_draws_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"committee_id" integer NOT NULL,
	"seed" text NOT NULL,
	"params" jsonb NOT NULL,
	"candidates" integer NOT NULL,
	"drawn" integer NOT NULL,
	"period" text,
	"drawn_by" integer,
	"drawn_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recheck_settings" (
	"committee_id" integer PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"months_after_closure" smallint DEFAULT 6 NOT NULL,
	"percent" smallint DEFAULT 10 NOT NULL,
	"category_ids" integer[] DEFAULT '{}' NOT NULL,
	"sources" text[] DEFAULT '{}' NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rechecks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rechecks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"draw_id" bigint NOT NULL,
	"item_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"round" smallint NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"statement" text,
	"answered_by" integer,
	"answered_at" timestamp with time zone,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"reason" text,
	"basis" text,
	"new_deadline" date,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_ladders" (
	"committee_id" integer PRIMARY KEY NOT NULL,
	"steps" jsonb NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "escalation_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"item_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"held_on" date,
	"participants" text,
	"content" text NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "round" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "recheck_draws" ADD CONSTRAINT "recheck_draws_committee_id_orgs_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recheck_draws" ADD CONSTRAINT "recheck_draws_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recheck_settings" ADD CONSTRAINT "recheck_settings_committee_id_orgs_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recheck_settings" ADD CONSTRAINT "recheck_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rechecks" ADD CONSTRAINT "rechecks_draw_id_recheck_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."recheck_draws"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rechecks" ADD CONSTRAINT "rechecks_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rechecks" ADD CONSTRAINT "rechecks_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rechecks" ADD CONSTRAINT "rechecks_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rechecks" ADD CONSTRAINT "rechecks_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_ladders" ADD CONSTRAINT "escalation_ladders_committee_id_orgs_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_ladders" ADD CONSTRAINT "escalation_ladders_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_records" ADD CONSTRAINT "escalation_records_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_records" ADD CONSTRAINT "escalation_records_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_records" ADD CONSTRAINT "escalation_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recheck_draws_committee_idx" ON "recheck_draws" USING btree ("committee_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "rechecks_item_round_uq" ON "rechecks" USING btree ("item_id","round");--> statement-breakpoint
CREATE INDEX "rechecks_org_idx" ON "rechecks" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "rechecks_draw_idx" ON "rechecks" USING btree ("draw_id");--> statement-breakpoint
CREATE INDEX "escalation_records_org_idx" ON "escalation_records" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "escalation_records_item_idx" ON "escalation_records" USING btree ("item_id");