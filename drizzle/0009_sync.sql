CREATE TABLE "sync_order" (
	"source" text NOT NULL,
	"order_id" text NOT NULL,
	"created_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"looked_at" timestamp with time zone,
	"looked_run" text,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sync_order_source_order_id_pk" PRIMARY KEY("source","order_id")
);
--> statement-breakpoint
CREATE TABLE "sync_run" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"started_by" text NOT NULL,
	"started_by_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"windows_total" integer DEFAULT 0 NOT NULL,
	"windows_done" integer DEFAULT 0 NOT NULL,
	"failed_windows" integer DEFAULT 0 NOT NULL,
	"orders_listed" integer DEFAULT 0 NOT NULL,
	"orders_looked_up" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"problem" jsonb
);
--> statement-breakpoint
CREATE TABLE "sync_source" (
	"source" text PRIMARY KEY NOT NULL,
	"state" text DEFAULT 'idle' NOT NULL,
	"synced_through" timestamp with time zone,
	"paused_until" timestamp with time zone,
	"problem" jsonb,
	"next_run_at" timestamp with time zone,
	"run_id" text,
	"holder" text,
	"lease_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_window" (
	"source" text NOT NULL,
	"key" text NOT NULL,
	"begins_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"status" text NOT NULL,
	"cursor" text,
	"pages" integer DEFAULT 0 NOT NULL,
	"listed" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"errcode" integer,
	"problem" jsonb,
	"done_at" timestamp with time zone,
	CONSTRAINT "sync_window_source_key_pk" PRIMARY KEY("source","key")
);
--> statement-breakpoint
ALTER TABLE "order_index" ADD COLUMN "learned_by" text;--> statement-breakpoint
ALTER TABLE "order_index" ADD COLUMN "synced_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sync_order_due_idx" ON "sync_order" USING btree ("source","due_at");--> statement-breakpoint
CREATE INDEX "sync_run_source_idx" ON "sync_run" USING btree ("source","started_at");--> statement-breakpoint
CREATE INDEX "sync_window_status_idx" ON "sync_window" USING btree ("source","status","begins_at");