ALTER TABLE "order_index" ADD COLUMN "not_found_errcode" integer;--> statement-breakpoint
ALTER TABLE "order_index" ADD COLUMN "refund_in_progress" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "order_index" ADD COLUMN "result_unknown" boolean DEFAULT false NOT NULL;