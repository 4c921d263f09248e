CREATE TABLE "login_throttle" (
	"scope" text NOT NULL,
	"username" text NOT NULL,
	"ip" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"failures" integer NOT NULL,
	CONSTRAINT "login_throttle_scope_username_ip_window_start_pk" PRIMARY KEY("scope","username","ip","window_start")
);
--> statement-breakpoint
CREATE INDEX "login_throttle_window_idx" ON "login_throttle" USING btree ("window_start");