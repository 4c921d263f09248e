CREATE TABLE "calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"year" smallint NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" smallint PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "deadline_working_days" smallint;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "deadline_basis" text;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "deadline_from" date;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "deadline_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_year_calendar_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."calendar_years"("year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_years" ADD CONSTRAINT "calendar_years_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_days_year_idx" ON "calendar_days" USING btree ("year");--> statement-breakpoint
CREATE INDEX "items_working_deadline_idx" ON "items" USING btree ("deadline_from") WHERE "items"."deadline_working_days" IS NOT NULL;--> statement-breakpoint
-- The State Council's arrangements for 2025 and 2026, so a new installation counts working days from the start.
INSERT INTO "calendar_years" ("year", "source") VALUES (2025, 'seed'), (2026, 'seed') ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "calendar_days" ("day", "year", "kind", "name") VALUES
  ('2025-01-01', 2025, 'off', '元旦'),
  ('2025-01-26', 2025, 'work', '春节'),
  ('2025-01-28', 2025, 'off', '春节'),
  ('2025-01-29', 2025, 'off', '春节'),
  ('2025-01-30', 2025, 'off', '春节'),
  ('2025-01-31', 2025, 'off', '春节'),
  ('2025-02-01', 2025, 'off', '春节'),
  ('2025-02-02', 2025, 'off', '春节'),
  ('2025-02-03', 2025, 'off', '春节'),
  ('2025-02-04', 2025, 'off', '春节'),
  ('2025-02-08', 2025, 'work', '春节'),
  ('2025-04-04', 2025, 'off', '清明节'),
  ('2025-04-05', 2025, 'off', '清明节'),
  ('2025-04-06', 2025, 'off', '清明节'),
  ('2025-04-27', 2025, 'work', '劳动节'),
  ('2025-05-01', 2025, 'off', '劳动节'),
  ('2025-05-02', 2025, 'off', '劳动节'),
  ('2025-05-03', 2025, 'off', '劳动节'),
  ('2025-05-04', 2025, 'off', '劳动节'),
  ('2025-05-05', 2025, 'off', '劳动节'),
  ('2025-05-31', 2025, 'off', '端午节'),
  ('2025-06-01', 2025, 'off', '端午节'),
  ('2025-06-02', 2025, 'off', '端午节'),
  ('2025-09-28', 2025, 'work', '国庆节、中秋节'),
  ('2025-10-01', 2025, 'off', '国庆节、中秋节'),
  ('2025-10-02', 2025, 'off', '国庆节、中秋节'),
  ('2025-10-03', 2025, 'off', '国庆节、中秋节'),
  ('2025-10-04', 2025, 'off', '国庆节、中秋节'),
  ('2025-10-05', 2025, 'off', '国庆节、中秋节'),
  ('2025-10-06', 2025, 'off', '国庆节、中秋节'),
  ('2025-10-07', 2025, 'off', '国庆节、中秋节'),
  ('2025-10-08', 2025, 'off', '国庆节、中秋节'),
  ('2025-10-11', 2025, 'work', '国庆节、中秋节')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "calendar_days" ("day", "year", "kind", "name") VALUES
  ('2026-01-01', 2026, 'off', '元旦'),
  ('2026-01-02', 2026, 'off', '元旦'),
  ('2026-01-03', 2026, 'off', '元旦'),
  ('2026-01-04', 2026, 'work', '元旦'),
  ('2026-02-14', 2026, 'work', '春节'),
  ('2026-02-15', 2026, 'off', '春节'),
  ('2026-02-16', 2026, 'off', '春节'),
  ('2026-02-17', 2026, 'off', '春节'),
  ('2026-02-18', 2026, 'off', '春节'),
  ('2026-02-19', 2026, 'off', '春节'),
  ('2026-02-20', 2026, 'off', '春节'),
  ('2026-02-21', 2026, 'off', '春节'),
  ('2026-02-22', 2026, 'off', '春节'),
  ('2026-02-23', 2026, 'off', '春节'),
  ('2026-02-28', 2026, 'work', '春节'),
  ('2026-04-04', 2026, 'off', '清明节'),
  ('2026-04-05', 2026, 'off', '清明节'),
  ('2026-04-06', 2026, 'off', '清明节'),
  ('2026-05-01', 2026, 'off', '劳动节'),
  ('2026-05-02', 2026, 'off', '劳动节'),
  ('2026-05-03', 2026, 'off', '劳动节'),
  ('2026-05-04', 2026, 'off', '劳动节'),
  ('2026-05-05', 2026, 'off', '劳动节'),
  ('2026-05-09', 2026, 'work', '劳动节'),
  ('2026-06-19', 2026, 'off', '端午节'),
  ('2026-06-20', 2026, 'off', '端午节'),
  ('2026-06-21', 2026, 'off', '端午节'),
  ('2026-09-20', 2026, 'work', '国庆节'),
  ('2026-09-25', 2026, 'off', '中秋节'),
  ('2026-09-26', 2026, 'off', '中秋节'),
  ('2026-09-27', 2026, 'off', '中秋节'),
  ('2026-10-01', 2026, 'off', '国庆节'),
  ('2026-10-02', 2026, 'off', '国庆节'),
  ('2026-10-03', 2026, 'off', '国庆节'),
  ('2026-10-04', 2026, 'off', '国庆节'),
  ('2026-10-05', 2026, 'off', '国庆节'),
  ('2026-10-06', 2026, 'off', '国庆节'),
  ('2026-10-07', 2026, 'off', '国庆节'),
  ('2026-10-10', 2026, 'work', '国庆节')
ON CONFLICT DO NOTHING;
