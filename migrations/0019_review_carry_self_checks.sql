CREATE TABLE "review_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"review_id" bigint NOT NULL,
	"item_id" bigint NOT NULL,
	"kind" text DEFAULT 'carried' NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_check_answers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "self_check_answers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"answer" text,
	"explanation" text,
	"item_id" bigint,
	"answered_by" integer,
	"answered_at" timestamp with time zone,
	"reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "self_check_requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "self_check_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"origin_item_id" bigint NOT NULL,
	"asked_by_org_id" integer NOT NULL,
	"problem" text NOT NULL,
	"note" text,
	"deadline" date NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_check_answers" ADD CONSTRAINT "self_check_answers_request_id_self_check_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."self_check_requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_check_answers" ADD CONSTRAINT "self_check_answers_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_check_answers" ADD CONSTRAINT "self_check_answers_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_check_answers" ADD CONSTRAINT "self_check_answers_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_check_requests" ADD CONSTRAINT "self_check_requests_origin_item_id_items_id_fk" FOREIGN KEY ("origin_item_id") REFERENCES "public"."items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_check_requests" ADD CONSTRAINT "self_check_requests_asked_by_org_id_orgs_id_fk" FOREIGN KEY ("asked_by_org_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_check_requests" ADD CONSTRAINT "self_check_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "review_items_review_item_uq" ON "review_items" USING btree ("review_id","item_id");--> statement-breakpoint
CREATE INDEX "review_items_item_idx" ON "review_items" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "self_check_answers_request_org_uq" ON "self_check_answers" USING btree ("request_id","org_id");--> statement-breakpoint
CREATE INDEX "self_check_answers_org_idx" ON "self_check_answers" USING btree ("org_id","answered_at");--> statement-breakpoint
CREATE INDEX "self_check_requests_origin_idx" ON "self_check_requests" USING btree ("origin_item_id");--> statement-breakpoint
CREATE INDEX "self_check_requests_deadline_idx" ON "self_check_requests" USING btree ("deadline");