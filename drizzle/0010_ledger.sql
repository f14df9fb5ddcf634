CREATE TABLE "ledger_day" (
	"day" date NOT NULL,
	"shop" text NOT NULL,
	"paid_count" bigint DEFAULT 0 NOT NULL,
	"paid_fen" numeric(40, 0) DEFAULT '0' NOT NULL,
	"refunded_count" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" numeric(40, 0) DEFAULT '0' NOT NULL,
	"refund_open_fen" numeric(40, 0) DEFAULT '0' NOT NULL,
	"shared_count" bigint DEFAULT 0 NOT NULL,
	"shared_fen" numeric(40, 0) DEFAULT '0' NOT NULL,
	"purchase_count" bigint DEFAULT 0 NOT NULL,
	"purchase_fen" numeric(40, 0) DEFAULT '0' NOT NULL,
	CONSTRAINT "ledger_day_day_shop_pk" PRIMARY KEY("day","shop")
);
--> statement-breakpoint
CREATE TABLE "ledger_movement" (
	"kind" text NOT NULL,
	"shop" text NOT NULL,
	"order_id" text NOT NULL,
	"figure" text NOT NULL,
	"movement_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"at" timestamp with time zone,
	"day" date,
	"counts" boolean NOT NULL,
	"result" text,
	"open_from_at" timestamp with time zone,
	"open_from" date,
	"open_until_at" timestamp with time zone,
	"open_until" date,
	CONSTRAINT "ledger_movement_kind_shop_order_id_figure_movement_id_pk" PRIMARY KEY("kind","shop","order_id","figure","movement_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_order" (
	"kind" text NOT NULL,
	"shop" text NOT NULL,
	"order_id" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_order_kind_shop_order_id_pk" PRIMARY KEY("kind","shop","order_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ledger_day_shop_idx" ON "ledger_day" USING btree ("shop","day");--> statement-breakpoint
CREATE INDEX "ledger_movement_day_idx" ON "ledger_movement" USING btree ("day","shop","figure");--> statement-breakpoint
CREATE INDEX "ledger_movement_open_idx" ON "ledger_movement" USING btree ("shop","open_from") WHERE open_from is not null;--> statement-breakpoint
CREATE INDEX "ledger_movement_unplaced_idx" ON "ledger_movement" USING btree ("shop","figure") WHERE day is null;