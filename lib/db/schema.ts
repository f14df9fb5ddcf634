import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/* better-auth's tables (core + admin plugin fields), in its own column names. */

export const user = pgTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('emailVerified').notNull().default(false),
  image: text('image'),
  createdAt: timestamp('createdAt', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updatedAt', { withTimezone: true }).notNull().defaultNow(),
  role: text('role'),
  banned: boolean('banned').default(false),
  banReason: text('banReason'),
  banExpires: timestamp('banExpires', { withTimezone: true }),
});

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expiresAt', { withTimezone: true }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: timestamp('createdAt', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updatedAt', { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text('ipAddress'),
    userAgent: text('userAgent'),
    userId: text('userId')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    impersonatedBy: text('impersonatedBy'),
  },
  (t) => [index('session_userId_idx').on(t.userId)],
);

export const account = pgTable(
  'account',
  {
    id: text('id').primaryKey(),
    accountId: text('accountId').notNull(),
    providerId: text('providerId').notNull(),
    userId: text('userId')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text('accessToken'),
    refreshToken: text('refreshToken'),
    idToken: text('idToken'),
    accessTokenExpiresAt: timestamp('accessTokenExpiresAt', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refreshTokenExpiresAt', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: timestamp('createdAt', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updatedAt', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('account_userId_idx').on(t.userId)],
);

export const verification = pgTable(
  'verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expiresAt', { withTimezone: true }).notNull(),
    createdAt: timestamp('createdAt', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updatedAt', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('verification_identifier_idx').on(t.identifier)],
);

/**
 * Personal API keys (better-auth's API-key plugin, in its own column names). `key` holds the
 * key's SHA-256, never the key; `start` is its first characters, to tell keys apart on the page.
 * Deleting a user deletes their keys.
 */
export const apiKey = pgTable(
  'apikey',
  {
    id: text('id').primaryKey(),
    configId: text('configId').notNull().default('default'),
    name: text('name'),
    start: text('start'),
    prefix: text('prefix'),
    key: text('key').notNull().unique(),
    referenceId: text('referenceId')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    refillInterval: integer('refillInterval'),
    refillAmount: integer('refillAmount'),
    lastRefillAt: timestamp('lastRefillAt', { withTimezone: true }),
    enabled: boolean('enabled').default(true),
    rateLimitEnabled: boolean('rateLimitEnabled').default(true),
    rateLimitTimeWindow: integer('rateLimitTimeWindow'),
    rateLimitMax: integer('rateLimitMax'),
    requestCount: integer('requestCount').default(0),
    remaining: integer('remaining'),
    lastRequest: timestamp('lastRequest', { withTimezone: true }),
    expiresAt: timestamp('expiresAt', { withTimezone: true }),
    createdAt: timestamp('createdAt', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updatedAt', { withTimezone: true }).notNull().defaultNow(),
    permissions: text('permissions'),
    metadata: text('metadata'),
  },
  (t) => [index('apikey_referenceId_idx').on(t.referenceId)],
);

/**
 * Who looked at what, and who changed whom. Append-only: the product inserts, and deletes only
 * entries older than the retention setting.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    userId: text('user_id'),
    userEmail: text('user_email'),
    userRole: text('user_role'),
    orderKind: text('order_kind'),
    orderId: text('order_id'),
    shop: text('shop'),
    status: integer('status'),
    errcode: integer('errcode'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    detail: jsonb('detail'),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_order_idx').on(t.orderId), index('audit_user_idx').on(t.userEmail)],
);

/**
 * The counters behind the sign-in throttle and the lookup limit (rate-limiter-flexible's
 * RateLimiterDrizzle, in the columns it expects), so every server on one database shares them
 * and they survive a restart.
 */
export const rateLimit = pgTable('rate_limit', {
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  expire: timestamp('expire', { withTimezone: true }),
});

/**
 * A batch lookup (lib/batches): one list of ids a finance user handed in, looked up in the
 * background by whichever servers share this database.
 */
export const batch = pgTable(
  'batch',
  {
    id: text('id').primaryKey(),
    status: text('status').notNull(),
    /** 'auto' or the one kind every id was read as. */
    kindChoice: text('kind_choice').notNull(),
    shop: text('shop'),
    /** Where the ids came from: "paste", or the uploaded file's name. */
    source: text('source').notNull(),
    /** Where the ids came from, as a kind ('paste', 'file', 'recheck': lib/batches/types.ts); null on batches made before it. */
    origin: text('origin'),
    duplicates: integer('duplicates').notNull().default(0),
    createdById: text('created_by_id').notNull(),
    createdByEmail: text('created_by_email').notNull(),
    createdByRole: text('created_by_role'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    pausedReason: jsonb('paused_reason'),
    /** A pause that ends by itself (WeChat's per-minute limit); null when a person must resume. */
    pausedUntil: timestamp('paused_until', { withTimezone: true }),
  },
  (t) => [index('batch_created_idx').on(t.createdById, t.createdAt)],
);

/** One id of a batch: its place in the input, and once looked up, what WeChat answered. */
export const batchItem = pgTable(
  'batch_item',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => batch.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The line or row it came from, for messages. */
    row: integer('row').notNull(),
    input: text('input').notNull(),
    kind: text('kind'),
    shop: text('shop'),
    /** pending → looking (claimed by a server) → found | not-found | failed; or invalid from the start. */
    outcome: text('outcome').notNull(),
    /** The normalised order when found (lib/orders), as JSON. */
    order: jsonb('order'),
    errcode: integer('errcode'),
    problem: jsonb('problem'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    lookedUpAt: timestamp('looked_up_at', { withTimezone: true }),
    attempts: smallint('attempts').notNull().default(0),
    /** A busy answer put the item back: no server claims it before this time (its lane serves other items meanwhile). */
    notBefore: timestamp('not_before', { withTimezone: true }),
    /** Busy answers (-1, HTTP 5xx, network) this item was put back after; at most WECHAT_RETRIES. */
    busyRetries: smallint('busy_retries').notNull().default(0),
    /** Servers that died while asking WeChat for it: the first time it is asked again, the second it fails. */
    interrupted: smallint('interrupted').notNull().default(0),
    /** Who asks for its lookup (the person who retried or resumed); null: the batch's creator. */
    askedById: text('asked_by_id'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.position] }), index('batch_item_outcome_idx').on(t.batchId, t.outcome, t.position)],
);

/**
 * Batch lookups in flight toward one WeChat app, shared by every server: a lookup holds a slot
 * (a lease that lapses should its server die) while it waits for WeChat.
 */
export const batchSlot = pgTable(
  'batch_slot',
  {
    account: text('account').notNull(),
    slot: integer('slot').notNull(),
    holder: text('holder'),
    until: timestamp('until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.account, t.slot] })],
);

/**
 * Every order Order Desk has seen (lib/order-index): one row per order, written by each successful
 * lookup, so staff can find it by any id it carries and finance can list what needs a person.
 * The row is only as fresh as its last lookup (`last_seen_at`).
 */
export const orderIndex = pgTable(
  'order_index',
  {
    kind: text('kind').notNull(),
    /** The shop's id for shop orders; '' for service-provider orders. */
    shop: text('shop').notNull(),
    /** Trade number (shop) or service-provider order id. */
    orderId: text('order_id').notNull(),
    /** Every other id the order carries, as `<kind>:<id>` (transaction-id:4200…, refund-id:5030…); order_ref indexes them. */
    refs: text('refs').array().notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    /** The state's key (paid, refunded, …). */
    state: text('state').notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    /** The normalised order (lib/orders) as of the last lookup. */
    summary: jsonb('summary').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * Set when WeChat's last answer for it carried no order (errcode 10120002, or errcode 0 without
     * `order`); cleared by the next successful lookup. Not proof the order is gone: the row keeps its
     * last good reading, stays on the lists, and shows this answer as a problem.
     */
    notFoundAt: timestamp('not_found_at', { withTimezone: true }),
    /* What the needs-attention list reads (lib/order-index/entry.ts says how each is derived). */
    refundInProgressSince: timestamp('refund_in_progress_since', { withTimezone: true }),
    refundFailed: boolean('refund_failed').notNull().default(false),
    sharingFailed: boolean('sharing_failed').notNull().default(false),
    sharingPossibleSince: timestamp('sharing_possible_since', { withTimezone: true }),
    closedRefundPending: boolean('closed_refund_pending').notNull().default(false),
    usageHigh: boolean('usage_high').notNull().default(false),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    /** With `not_found_at`: the errcode of that answer (10120002, "parameter error"); null when WeChat answered errcode 0 without an order. */
    notFoundErrcode: integer('not_found_errcode'),
    /** A refund in progress, even when WeChat gave no time for it (`refund_in_progress_since` is then null: unknown, not invented). */
    refundInProgress: boolean('refund_in_progress').notNull().default(false),
    /** A refund or profit sharing whose result Order Desk does not recognise (REFUNDCLOSE, CANCELLED, a finish without a result). */
    resultUnknown: boolean('result_unknown').notNull().default(false),
    /** How Order Desk first learned of the order: 'lookup' (a person), 'batch' or 'sync'; null on rows from before it was kept. When: `first_seen_at`. */
    learnedBy: text('learned_by'),
    /** When sync (lib/sync) last read the order from WeChat; null for an order sync never found. */
    syncedAt: timestamp('synced_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.shop, t.orderId] }),
    index('order_index_order_id_idx').on(t.orderId),
    index('order_index_last_seen_idx').on(t.lastSeenAt),
    index('order_index_paid_idx').on(t.paidAt),
    index('order_index_attention_idx')
      .on(t.lastSeenAt)
      .where(sql`refund_in_progress_since is not null or refund_failed or sharing_failed or sharing_possible_since is not null or closed_refund_pending or usage_high or valid_until is not null`),
  ],
);

/**
 * The ids in `order_index.refs`, one row each, kept by a trigger on order_index (drizzle/0004):
 * search finds an order by any of them with one B-tree probe.
 */
export const orderRef = pgTable(
  'order_ref',
  {
    refId: text('ref_id').notNull(),
    /** Which of the order's ids it is: transaction-id, refund-no, refund-id, sharing-no, sharing-id, combine-trade-no. */
    refKind: text('ref_kind').notNull(),
    kind: text('kind').notNull(),
    shop: text('shop').notNull(),
    orderId: text('order_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.refId, t.kind, t.shop, t.orderId, t.refKind] }),
    foreignKey({ columns: [t.kind, t.shop, t.orderId], foreignColumns: [orderIndex.kind, orderIndex.shop, orderIndex.orderId] }).onDelete('cascade'),
    index('order_ref_order_idx').on(t.kind, t.shop, t.orderId),
  ],
);

/**
 * Ids each user handed to batches and rechecks on one day (ORDER_DESK_BATCH_IDS_PER_DAY), the
 * day in ORDER_DESK_TIMEZONE as YYYY-MM-DD.
 */
export const batchBudget = pgTable(
  'batch_budget',
  {
    userId: text('user_id').notNull(),
    day: text('day').notNull(),
    ids: integer('ids').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/**
 * WeChat calls background work (batches; later, sync) made per app and WeChat day (China time,
 * YYYY-MM-DD), against its share of ORDER_DESK_WECHAT_DAILY_CALLS (lib/quota/wechat-daily-share.ts).
 */
export const wechatDailyCalls = pgTable(
  'wechat_daily_calls',
  {
    account: text('account').notNull(),
    day: text('day').notNull(),
    calls: integer('calls').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.account, t.day] })],
);

/** Bytes as they are (PostgreSQL `bytea`). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * What WeChat answered for an order, one row per distinct answer (lib/history): the body's bytes as
 * received, when it was first and last received, and by which path and audit entry. An answer equal
 * to the order's newest version only moves `last_seen_at`. Kept with the audit retention, except an
 * order's newest version while the order is in the index.
 */
export const orderVersion = pgTable(
  'order_version',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    kind: text('kind').notNull(),
    /** As in order_index: the shop's id, '' for a service-provider order. */
    shop: text('shop').notNull(),
    orderId: text('order_id').notNull(),
    /** The answer's body, byte for byte (errcode, errmsg and order). */
    body: bytea('body').notNull(),
    /** SHA-256 of `body`, hex. */
    sha256: text('sha256').notNull(),
    /** The call that got it: method, URL without the token, body sent. */
    request: jsonb('request').notNull(),
    appId: text('app_id'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** The path that first received it: page, api, batch or sync. */
    via: text('via').notNull(),
    /** audit_log.id of the lookup that first received it (no foreign key: the audit trail is pruned on its own). */
    auditId: bigint('audit_id', { mode: 'bigint' }),
    /** The request id of that lookup, kept should its audit entry go first. */
    requestId: text('request_id'),
    /** The lookup that last received it. */
    lastVia: text('last_via').notNull(),
    lastAuditId: bigint('last_audit_id', { mode: 'bigint' }),
  },
  (t) => [index('order_version_order_idx').on(t.kind, t.shop, t.orderId, t.id), index('order_version_last_seen_idx').on(t.lastSeenAt)],
);

/**
 * A source sync lists orders from (lib/sync): `shop:<id>` or `service-provider`. Its state, how far
 * its windows are done, and who holds it now (a lease a dying server lets lapse).
 */
export const syncSource = pgTable('sync_source', {
  source: text('source').primaryKey(),
  /** idle | running | paused | failed */
  state: text('state').notNull().default('idle'),
  /** The end of the last window of an unbroken run of finished windows from the start. */
  syncedThrough: timestamp('synced_through', { withTimezone: true }),
  /** A pause that ends by itself (WeChat's daily quota: 45009) or a stop (40164) and why, with the errcode. */
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
  problem: jsonb('problem'),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }),
  /** The run being carried out (sync_run.id), kept until it finishes so a restart resumes it. */
  runId: text('run_id'),
  holder: text('holder'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
});

/**
 * What a source has to list and has listed: a shop's windows of create time (at most a day), or one
 * SPU of the service provider (`spu:<id>`). The cursor is where listing stopped (last_index, offset).
 */
export const syncWindow = pgTable(
  'sync_window',
  {
    source: text('source').notNull(),
    key: text('key').notNull(),
    beginsAt: timestamp('begins_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    /** pending | done | failed */
    status: text('status').notNull(),
    cursor: text('cursor'),
    pages: integer('pages').notNull().default(0),
    listed: integer('listed').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    errcode: integer('errcode'),
    problem: jsonb('problem'),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.source, t.key] }), index('sync_window_status_idx').on(t.source, t.status, t.beginsAt)],
);

/** One run of a source: what GET /api/sync shows as lastRun; audited once when it ends. */
export const syncRun = pgTable(
  'sync_run',
  {
    id: text('id').primaryKey(),
    source: text('source').notNull(),
    /** 'schedule', or the email of the person who asked. */
    startedBy: text('started_by').notNull(),
    startedById: text('started_by_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    windowsTotal: integer('windows_total').notNull().default(0),
    windowsDone: integer('windows_done').notNull().default(0),
    failedWindows: integer('failed_windows').notNull().default(0),
    ordersListed: integer('orders_listed').notNull().default(0),
    ordersLookedUp: integer('orders_looked_up').notNull().default(0),
    errors: integer('errors').notNull().default(0),
    problem: jsonb('problem'),
  },
  (t) => [index('sync_run_source_idx').on(t.source, t.startedAt)],
);

/**
 * Each order a source has listed: when it is due to be looked at again (the re-look schedule), and
 * which run last claimed and looked at it, so no run looks an order up twice.
 */
export const syncOrder = pgTable(
  'sync_order',
  {
    source: text('source').notNull(),
    orderId: text('order_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    lookedAt: timestamp('looked_at', { withTimezone: true }),
    lookedRun: text('looked_run'),
    claimedBy: text('claimed_by'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    failures: integer('failures').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.source, t.orderId] }), index('sync_order_due_idx').on(t.source, t.dueAt)],
);

/**
 * The ledger (lib/ledger, docs/ledger.md): each money movement of each indexed order, one row each,
 * replaced for an order in the same transaction as its index row. `day` is the day of `at` in
 * ORDER_DESK_TIMEZONE (null: WeChat gave no time, "unplaced"). A refund also carries the days it
 * was in progress: from `open_from` (requested) to `open_until` (finished; null while it still is).
 */
export const ledgerMovement = pgTable(
  'ledger_movement',
  {
    kind: text('kind').notNull(),
    shop: text('shop').notNull(),
    orderId: text('order_id').notNull(),
    /** paid | refund | shared | purchase */
    figure: text('figure').notNull(),
    /** The refund or sharing id ('' for a payment or a purchase). */
    movementId: text('movement_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    /** When it counts: pay time, a refund's or sharing's finish time, finishPayTime. */
    at: timestamp('at', { withTimezone: true }),
    day: date('day', { mode: 'string' }),
    /** Whether it counts in its figure (a refund that succeeded; every payment, sharing and purchase kept). */
    counts: boolean('counts').notNull(),
    /** WeChat's result word as sent. */
    result: text('result'),
    openFromAt: timestamp('open_from_at', { withTimezone: true }),
    openFrom: date('open_from', { mode: 'string' }),
    openUntilAt: timestamp('open_until_at', { withTimezone: true }),
    openUntil: date('open_until', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.shop, t.orderId, t.figure, t.movementId] }),
    index('ledger_movement_day_idx').on(t.day, t.shop, t.figure),
    index('ledger_movement_open_idx').on(t.shop, t.openFrom).where(sql`open_from is not null`),
    index('ledger_movement_unplaced_idx').on(t.shop, t.figure).where(sql`day is null`),
  ],
);

/**
 * The ledger's sums per day (ORDER_DESK_TIMEZONE) and shop ('' for service-provider purchases), kept
 * by deltas in the transaction that replaces an order's movements. `refund_open_fen` is a delta:
 * refunds requested that day less those finished that day; its running sum is what is in progress.
 */
export const ledgerDay = pgTable(
  'ledger_day',
  {
    day: date('day', { mode: 'string' }).notNull(),
    shop: text('shop').notNull(),
    paidCount: bigint('paid_count', { mode: 'number' }).notNull().default(0),
    paidFen: numeric('paid_fen', { precision: 40, scale: 0 }).notNull().default('0'),
    refundedCount: bigint('refunded_count', { mode: 'number' }).notNull().default(0),
    refundedFen: numeric('refunded_fen', { precision: 40, scale: 0 }).notNull().default('0'),
    refundOpenFen: numeric('refund_open_fen', { precision: 40, scale: 0 }).notNull().default('0'),
    sharedCount: bigint('shared_count', { mode: 'number' }).notNull().default(0),
    sharedFen: numeric('shared_fen', { precision: 40, scale: 0 }).notNull().default('0'),
    purchaseCount: bigint('purchase_count', { mode: 'number' }).notNull().default(0),
    purchaseFen: numeric('purchase_fen', { precision: 40, scale: 0 }).notNull().default('0'),
  },
  (t) => [primaryKey({ columns: [t.day, t.shop] }), index('ledger_day_shop_idx').on(t.shop, t.day)],
);

/** Which reading of each indexed order the ledger holds (its index row's last_seen_at): the backfill takes the orders without one. */
export const ledgerOrder = pgTable(
  'ledger_order',
  {
    kind: text('kind').notNull(),
    shop: text('shop').notNull(),
    orderId: text('order_id').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.shop, t.orderId] })],
);

/** The ledger's own settings as last applied: `timezone` (its days), `backfilled` (every order indexed before it shipped is in). */
export const ledgerSetting = pgTable('ledger_setting', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const schema = { user, session, account, verification, apikey: apiKey, auditLog, rateLimit, batch, batchItem, batchSlot, orderIndex, orderRef, batchBudget, wechatDailyCalls, orderVersion, syncSource, syncWindow, syncRun, syncOrder, ledgerMovement, ledgerDay, ledgerOrder, ledgerSetting };
