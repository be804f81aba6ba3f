/**
 * The transactional outbox of publication events (table PublicationEvent). An editorial
 * change that readers can see writes its event in the same transaction as the change, so an
 * event exists if and only if the change committed; src/events/dispatcher.ts then delivers it
 * at least once. This module is the table's SQL: writing, claiming, listing, pruning.
 *
 * Claims use `FOR UPDATE SKIP LOCKED`, so replicas share the work without waiting on each
 * other and each row is worked on by one of them at a time.
 */
import type { DatabaseClient } from '../db/database.js';
import { publicationChange } from '../domain/publication.js';
import type { ArticleState, EditorialChange } from '../content/editorial.js';
import type { TransactionClient } from '../content/write-articles.js';
import { tagsOfArticleEvent } from '../cache/tags.js';
import type { ArticleEvent, ArticleEventType } from './article-events.js';

export type PublicationEventType = ArticleEventType | 'TAXONOMY';

/** What every replica acts on: the tags to purge, and the subscribers' event if any. */
export interface OutboxEvent {
  id: number;
  type: PublicationEventType;
  tags: string[];
  article: ArticleEvent | null;
  toWebhook: boolean;
  dueAt: Date;
  /**
   * The primary's WAL position when the event was dispatched, past its commit: a read replica
   * serves readers again only once it has replayed this far (src/db/replicas.ts). Set by the
   * dispatching process and carried by the fan-out; absent on events read back from the table.
   */
  lsn?: string | null;
}

const outboxSelect = { id: true, type: true, tags: true, article: true, toWebhook: true, dueAt: true } as const;

function fromRow(row: { id: number; type: string; tags: string[]; article: unknown; toWebhook: boolean; dueAt: Date }): OutboxEvent {
  return {
    id: row.id,
    type: row.type as PublicationEventType,
    tags: row.tags,
    article: (row.article as ArticleEvent | null) ?? null,
    toWebhook: row.toWebhook,
    dueAt: row.dueAt,
  };
}

function articleEvent(type: ArticleEventType, before: ArticleState | null, after: ArticleState, at: Date): ArticleEvent {
  return {
    type,
    articleId: after.id,
    slug: after.slug,
    categoryId: after.categoryId,
    parentCategoryId: after.parentCategoryId,
    tagIds: [...new Set([...(before?.tagIds ?? []), ...after.tagIds])],
    publishedAt: (after.publishedAt ?? before?.publishedAt)?.toISOString() ?? null,
    authorId: after.authorId,
    previous: before && {
      categoryId: before.categoryId,
      parentCategoryId: before.parentCategoryId,
      authorId: before.authorId,
      publishedAt: before.publishedAt?.toISOString() ?? null,
    },
    occurredAt: at.toISOString(),
  };
}

async function insert(tx: TransactionClient, data: Omit<OutboxEvent, 'id'> & { articleId?: number; articleVersion?: number }) {
  const row = await tx.publicationEvent.create({
    data: {
      type: data.type,
      tags: data.tags,
      article: (data.article ?? undefined) as object | undefined,
      toWebhook: data.toWebhook,
      dueAt: data.dueAt,
      articleId: data.articleId,
      articleVersion: data.articleVersion,
      webhookNextAttemptAt: data.toWebhook ? data.dueAt : null,
    },
    select: outboxSelect,
  });
  return fromRow(row);
}

/**
 * The events of one article change, inside its transaction: what readers see now (PUBLISHED,
 * UPDATED, UNPUBLISHED), and, for an article scheduled for later, its PUBLISHED event at that
 * time. Any schedule written before for this article is cancelled first: a rescheduled or
 * unscheduled article fires nothing at its old time, and a scheduled one edited meanwhile
 * fires with what it is by then.
 */
export async function recordArticleChange(tx: TransactionClient, { before, after }: EditorialChange, now: Date): Promise<OutboxEvent[]> {
  await tx.publicationEvent.updateMany({
    where: { articleId: after.id, cancelledAt: null, dispatchedAt: null, dueAt: { gt: now } },
    data: { cancelledAt: now, webhookNextAttemptAt: null },
  });
  const events: OutboxEvent[] = [];
  const type = publicationChange(before, after, now);
  if (type) {
    const article = articleEvent(type, before, after, now);
    events.push(
      await insert(tx, {
        type,
        tags: tagsOfArticleEvent(article),
        article,
        toWebhook: true,
        dueAt: now,
        articleId: after.id,
        articleVersion: after.version,
      }),
    );
  }
  if (after.status === 'PUBLISHED' && after.publishedAt && after.publishedAt > now) {
    const article = articleEvent('PUBLISHED', null, after, after.publishedAt);
    events.push(
      await insert(tx, {
        type: 'PUBLISHED',
        tags: tagsOfArticleEvent(article),
        article,
        toWebhook: true,
        dueAt: after.publishedAt,
        articleId: after.id,
        articleVersion: after.version,
      }),
    );
  }
  return events;
}

/** A taxonomy write's purge (a renamed tag, a moved section, a tag created on the fly). */
export async function recordTaxonomyChange(
  tx: TransactionClient,
  tags: string[],
  now: Date,
  { toWebhook = true }: { toWebhook?: boolean } = {},
): Promise<OutboxEvent> {
  return insert(tx, { type: 'TAXONOMY', tags, article: null, toWebhook, dueAt: now });
}

/**
 * Claims the due events no replica has dispatched yet, runs `dispatch` on them while holding
 * their row locks, and marks them dispatched when it succeeds; when it throws, the
 * transaction rolls back and they stay due (a killed process's locks go with its connection).
 */
export async function dispatchDueEvents(
  prisma: DatabaseClient,
  now: Date,
  limit: number,
  dispatch: (events: OutboxEvent[]) => Promise<void>,
  { webhookConfigured }: { webhookConfigured: boolean },
): Promise<OutboxEvent[]> {
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<
        { id: number; type: string; tags: string[]; article: unknown; toWebhook: boolean; dueAt: Date }[]
      >`SELECT "id", "type", "tags", "article", "toWebhook", "dueAt" FROM "PublicationEvent"
        WHERE "dispatchedAt" IS NULL AND "cancelledAt" IS NULL AND "dueAt" <= ${now}
        ORDER BY "dueAt", "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return [];
      const events = rows.map(fromRow);
      await dispatch(events);
      await tx.publicationEvent.updateMany({
        where: { id: { in: events.map((event) => event.id) } },
        // Without a webhook configured, none is owed.
        data: { dispatchedAt: new Date(), ...(webhookConfigured ? {} : { webhookNextAttemptAt: null }) },
      });
      return events;
    },
    { timeout: 15_000 },
  );
}

/**
 * Claims events whose webhook attempt is due and moves their next attempt later (by
 * `backoffSeconds(attempt)`): that is both the lease of this attempt, should the process die
 * during it, and the retry's time, should it fail. Only dispatched events: a CDN or edge
 * purged before the shared response cache would refill itself from the gateway's stale copy.
 */
export async function claimWebhookDeliveries(
  prisma: DatabaseClient,
  now: Date,
  limit: number,
  maxAttempts: number,
): Promise<(OutboxEvent & { attempt: number })[]> {
  const rows = await prisma.$queryRaw<
    { id: number; type: string; tags: string[]; article: unknown; toWebhook: boolean; dueAt: Date; webhookAttempts: number }[]
  >`UPDATE "PublicationEvent" SET "webhookAttempts" = "webhookAttempts" + 1,
      "webhookNextAttemptAt" = ${now}::timestamptz + make_interval(secs => least(10 * power(2, "webhookAttempts"), 900))
    WHERE "id" IN (
      SELECT "id" FROM "PublicationEvent"
      WHERE "webhookNextAttemptAt" <= ${now} AND "webhookDeliveredAt" IS NULL AND "cancelledAt" IS NULL
        AND "dispatchedAt" IS NOT NULL AND "webhookAttempts" < ${maxAttempts}
      ORDER BY "webhookNextAttemptAt", "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING "id", "type", "tags", "article", "toWebhook", "dueAt", "webhookAttempts"`;
  return rows.map((row) => ({ ...fromRow(row), attempt: row.webhookAttempts }));
}

export async function recordWebhookResult(prisma: DatabaseClient, id: number, error: string | null, giveUp: boolean): Promise<void> {
  await prisma.publicationEvent.update({
    where: { id },
    data:
      error === null
        ? { webhookDeliveredAt: new Date(), webhookNextAttemptAt: null, lastError: null }
        : { lastError: error.slice(0, 500), ...(giveUp ? { webhookNextAttemptAt: null } : {}) },
  });
}

/** Events due in the last `windowMs` and dispatched (ids only): what a replica checks it has acted on. */
export async function recentDueEventIds(prisma: DatabaseClient, now: Date, windowMs: number): Promise<number[]> {
  const rows = await prisma.publicationEvent.findMany({
    where: { dueAt: { gt: new Date(now.getTime() - windowMs), lte: now }, cancelledAt: null, dispatchedAt: { not: null } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => row.id);
}

export async function readEvents(prisma: DatabaseClient, ids: number[]): Promise<OutboxEvent[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.publicationEvent.findMany({ where: { id: { in: ids } }, select: outboxSelect, orderBy: { id: 'asc' } });
  return rows.map(fromRow);
}

/** The next scheduled event's time, so the dispatcher can wake for it. */
export async function nextDueAt(prisma: DatabaseClient, now: Date): Promise<Date | null> {
  const row = await prisma.publicationEvent.findFirst({
    where: { dispatchedAt: null, cancelledAt: null, dueAt: { gt: now } },
    orderBy: { dueAt: 'asc' },
    select: { dueAt: true },
  });
  return row?.dueAt ?? null;
}

/** Deletes events older than the retention that are settled (dispatched or cancelled, webhook done). */
export async function pruneEvents(prisma: DatabaseClient, now: Date, retentionMs: number): Promise<number> {
  const { count } = await prisma.publicationEvent.deleteMany({
    where: {
      createdAt: { lt: new Date(now.getTime() - retentionMs) },
      OR: [{ dispatchedAt: { not: null } }, { cancelledAt: { not: null } }],
      webhookNextAttemptAt: null,
    },
  });
  return count;
}

export interface EventListing {
  id: number;
  type: string;
  articleId: number | null;
  slug: string | null;
  createdAt: Date;
  dueAt: Date;
  state: 'scheduled' | 'pending' | 'dispatched' | 'cancelled';
  dispatchedAt: Date | null;
  webhook: 'delivered' | 'pending' | 'failed' | 'none';
  webhookAttempts: number;
  lastError: string | null;
}

/** The newest events first, with their delivery state. */
export async function listEvents(
  prisma: DatabaseClient,
  now: Date,
  { limit = 50, undelivered = false }: { limit?: number; undelivered?: boolean } = {},
): Promise<EventListing[]> {
  const rows = await prisma.publicationEvent.findMany({
    where: undelivered ? { cancelledAt: null, OR: [{ dispatchedAt: null }, { webhookNextAttemptAt: { not: null } }] } : {},
    orderBy: { id: 'desc' },
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    articleId: row.articleId,
    slug: (row.article as ArticleEvent | null)?.slug ?? null,
    createdAt: row.createdAt,
    dueAt: row.dueAt,
    state: row.cancelledAt ? 'cancelled' : row.dispatchedAt ? 'dispatched' : row.dueAt > now ? 'scheduled' : 'pending',
    dispatchedAt: row.dispatchedAt,
    webhook: row.webhookDeliveredAt
      ? 'delivered'
      : row.webhookNextAttemptAt
        ? 'pending'
        : row.toWebhook && row.webhookAttempts > 0
          ? 'failed'
          : 'none',
    webhookAttempts: row.webhookAttempts,
    lastError: row.lastError,
  }));
}
