CREATE TABLE "review_endorsers" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_level_settings" (
	"committee_id" integer PRIMARY KEY NOT NULL,
	"unit_review" boolean DEFAULT false NOT NULL,
	"party_review" boolean DEFAULT false NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_stand_ins" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_stand_ins_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"principal_id" integer NOT NULL,
	"stand_in_id" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "extension_review_level" text;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "review_level" text;--> statement-breakpoint
ALTER TABLE "review_endorsers" ADD CONSTRAINT "review_endorsers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_endorsers" ADD CONSTRAINT "review_endorsers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_level_settings" ADD CONSTRAINT "review_level_settings_committee_id_orgs_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_level_settings" ADD CONSTRAINT "review_level_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_stand_ins" ADD CONSTRAINT "review_stand_ins_principal_id_users_id_fk" FOREIGN KEY ("principal_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_stand_ins" ADD CONSTRAINT "review_stand_ins_stand_in_id_users_id_fk" FOREIGN KEY ("stand_in_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_stand_ins" ADD CONSTRAINT "review_stand_ins_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_stand_ins_stand_in_idx" ON "review_stand_ins" USING btree ("stand_in_id","ends_on");--> statement-breakpoint
CREATE INDEX "review_stand_ins_principal_idx" ON "review_stand_ins" USING btree ("principal_id");