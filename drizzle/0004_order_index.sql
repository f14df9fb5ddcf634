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
CREATE TABLE "order_ref" (
	"ref_id" text NOT NULL,
	"ref_kind" text NOT NULL,
	"kind" text NOT NULL,
	"shop" text NOT NULL,
	"order_id" text NOT NULL,
	CONSTRAINT "order_ref_ref_id_kind_shop_order_id_ref_kind_pk" PRIMARY KEY("ref_id","kind","shop","order_id","ref_kind")
);
--> statement-breakpoint
ALTER TABLE "order_ref" ADD CONSTRAINT "order_ref_kind_shop_order_id_order_index_kind_shop_order_id_fk" FOREIGN KEY ("kind","shop","order_id") REFERENCES "public"."order_index"("kind","shop","order_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_index_order_id_idx" ON "order_index" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_index_last_seen_idx" ON "order_index" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "order_index_paid_idx" ON "order_index" USING btree ("paid_at");--> statement-breakpoint
CREATE INDEX "order_index_attention_idx" ON "order_index" USING btree ("last_seen_at") WHERE refund_in_progress_since is not null or refund_failed or sharing_failed or sharing_possible_since is not null or closed_refund_pending or usage_high or valid_until is not null;--> statement-breakpoint
CREATE INDEX "order_ref_order_idx" ON "order_ref" USING btree ("kind","shop","order_id");--> statement-breakpoint
-- order_ref follows order_index.refs ('<ref kind>:<id>'): rebuilt for an order whenever its refs change.
CREATE FUNCTION "order_index_refs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.refs IS NOT DISTINCT FROM OLD.refs THEN RETURN NEW; END IF;
    DELETE FROM "order_ref" WHERE "kind" = OLD.kind AND "shop" = OLD.shop AND "order_id" = OLD.order_id;
  END IF;
  INSERT INTO "order_ref" ("ref_id", "ref_kind", "kind", "shop", "order_id")
    SELECT substr(r, strpos(r, ':') + 1), split_part(r, ':', 1), NEW.kind, NEW.shop, NEW.order_id FROM unnest(NEW.refs) AS r
    ON CONFLICT DO NOTHING;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "order_index_refs" AFTER INSERT OR UPDATE OF "refs" ON "order_index" FOR EACH ROW EXECUTE FUNCTION "order_index_refs"();
