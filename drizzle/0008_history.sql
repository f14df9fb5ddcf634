CREATE TABLE "order_version" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"shop" text NOT NULL,
	"order_id" text NOT NULL,
	"body" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"request" jsonb NOT NULL,
	"app_id" text,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"via" text NOT NULL,
	"audit_id" bigint,
	"request_id" text,
	"last_via" text NOT NULL,
	"last_audit_id" bigint
);
--> statement-breakpoint
CREATE INDEX "order_version_order_idx" ON "order_version" USING btree ("kind","shop","order_id","id");--> statement-breakpoint
CREATE INDEX "order_version_last_seen_idx" ON "order_version" USING btree ("last_seen_at");