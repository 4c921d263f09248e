CREATE TABLE "rectification_report_periods" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rectification_report_periods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"committee_id" integer NOT NULL,
	"title" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"due_on" date,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rectification_report_periods_dates" CHECK ("rectification_report_periods"."starts_on" <= "rectification_report_periods"."ends_on")
);
--> statement-breakpoint
ALTER TABLE "rectification_reports" ALTER COLUMN "review_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "rectification_reports" ADD COLUMN "period_id" bigint;--> statement-breakpoint
ALTER TABLE "rectification_report_periods" ADD CONSTRAINT "rectification_report_periods_committee_id_orgs_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."orgs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_report_periods" ADD CONSTRAINT "rectification_report_periods_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rectification_report_periods_committee_idx" ON "rectification_report_periods" USING btree ("committee_id","starts_on");--> statement-breakpoint
ALTER TABLE "rectification_reports" ADD CONSTRAINT "rectification_reports_period_id_rectification_report_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."rectification_report_periods"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rectification_reports_period_org_idx" ON "rectification_reports" USING btree ("period_id","org_id","kind","id");--> statement-breakpoint
ALTER TABLE "rectification_reports" ADD CONSTRAINT "rectification_reports_subject" CHECK (num_nonnulls("rectification_reports"."review_id", "rectification_reports"."period_id") = 1);