CREATE TABLE "batch_budget" (
	"user_id" text NOT NULL,
	"day" text NOT NULL,
	"ids" integer NOT NULL,
	CONSTRAINT "batch_budget_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "wechat_daily_calls" (
	"account" text NOT NULL,
	"day" text NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "wechat_daily_calls_account_day_pk" PRIMARY KEY("account","day")
);
--> statement-breakpoint
ALTER TABLE "batch_item" ADD COLUMN "not_before" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "batch_item" ADD COLUMN "busy_retries" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "batch_item" ADD COLUMN "interrupted" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "batch_item" ADD COLUMN "asked_by_id" text;