CREATE TABLE "batch" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"kind_choice" text NOT NULL,
	"shop" text,
	"source" text NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"created_by_id" text NOT NULL,
	"created_by_email" text NOT NULL,
	"created_by_role" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"paused_reason" jsonb,
	"paused_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "batch_item" (
	"batch_id" text NOT NULL,
	"position" integer NOT NULL,
	"row" integer NOT NULL,
	"input" text NOT NULL,
	"kind" text,
	"shop" text,
	"outcome" text NOT NULL,
	"order" jsonb,
	"errcode" integer,
	"problem" jsonb,
	"claimed_at" timestamp with time zone,
	"looked_up_at" timestamp with time zone,
	"attempts" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "batch_item_batch_id_position_pk" PRIMARY KEY("batch_id","position")
);
--> statement-breakpoint
CREATE TABLE "batch_slot" (
	"account" text NOT NULL,
	"slot" integer NOT NULL,
	"holder" text,
	"until" timestamp with time zone,
	CONSTRAINT "batch_slot_account_slot_pk" PRIMARY KEY("account","slot")
);
--> statement-breakpoint
ALTER TABLE "batch_item" ADD CONSTRAINT "batch_item_batch_id_batch_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batch"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batch_created_idx" ON "batch" USING btree ("created_by_id","created_at");--> statement-breakpoint
CREATE INDEX "batch_item_outcome_idx" ON "batch_item" USING btree ("batch_id","outcome","position");