CREATE TABLE "order_index" (
	"kind" text NOT NULL,
	"shop" text NOT NULL,
	"order_id" text NOT NULL,
	"refs" text[] NOT NULL,
	"amount_fen" bigint NOT NULL,
	"state" text NOT NULL,
	"paid_at" timestamp with time zone,
	"summary" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"not_found_at" timestamp with time zone,
	"refund_in_progress_since" timestamp with time zone,
	"refund_failed" boolean DEFAULT false NOT NULL,
	"sharing_failed" boolean DEFAULT false NOT NULL,
	"sharing_possible_since" timestamp with time zone,
	"closed_refund_pending" boolean DEFAULT false NOT NULL,
	"usage_high" boolean DEFAULT false NOT NULL,
	"valid_until" timestamp with time zone,
	CONSTRAINT "order_index_kind_shop_order_id_pk" PRIMARY KEY("kind","shop","order_id")
);
--> statement-breakpoint
CREATE INDEX "order_index_refs_idx" ON "order_index" USING gin ("refs");--> statement-breakpoint
CREATE INDEX "order_index_order_id_idx" ON "order_index" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_index_last_seen_idx" ON "order_index" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "order_index_paid_idx" ON "order_index" USING btree ("paid_at");--> statement-breakpoint
CREATE INDEX "order_index_attention_idx" ON "order_index" USING btree ("last_seen_at") WHERE refund_in_progress_since is not null or refund_failed or sharing_failed or sharing_possible_since is not null or closed_refund_pending or usage_high or valid_until is not null;