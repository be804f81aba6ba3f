/**
 * Delivers the outbox's publication events (src/events/outbox.ts), each at least once:
 *
 * - shared parts, once per event whichever replica claims it (`FOR UPDATE SKIP LOCKED`): the
 *   Redis response cache is purged, then the event is fanned out to every replica over Redis
 *   pub/sub (src/events/fanout.ts). A failure (Redis away) rolls the claim back: the event
 *   stays due and is dispatched when Redis returns;
 * - each replica's own part, for every dispatched event: its in-memory response cache is
 *   purged and its `articlePublished` subscribers hear of it. Events arrive by the fan-out,
 *   and by polling the outbox every EVENT_POLL_INTERVAL_MS (without Redis, or for a message
 *   missed during a reconnection); a replica acts on each event once;
 * - the purge webhook, signed, retried with backoff (10 s, 20 s, … up to 15 min) for
 *   PURGE_WEBHOOK_MAX_ATTEMPTS attempts; each attempt's claim is also its lease.
 *
 * A scheduled article's event is due at its publication time: the next poll after it (within
 * EVENT_POLL_INTERVAL_MS) dispatches it; one missed while every replica was down is due at
 * the next start. A process killed after its commit leaves the event due (or its claim rolled
 * back with its connection, or its webhook lease running out): another replica, or the next
 * start, delivers it.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DatabaseClient } from '../db/database.js';
import type { ReadReplicas } from '../db/replicas.js';
import type { PurgeWebhook } from '../cache/purge-webhook.js';
import type { TaggedResponseCache } from '../cache/response-store.js';
import type { ArticleEventBus } from './article-events.js';
import type { EventFanout } from './fanout.js';
import {
  claimWebhookDeliveries,
  dispatchDueEvents,
  pruneEvents,
  readEvents,
  recentDueEventIds,
  recordWebhookResult,
  type OutboxEvent,
} from './outbox.js';

/** How far back a replica looks for dispatched events it has not acted on yet. */
const RECENT_WINDOW_MS = 10 * 60_000;
const DISPATCH_BATCH = 50;
/** How long a mutation waits for its event's shared purge before answering anyway. */
const COMMIT_WAIT_MS = 3000;
const PRUNE_EVERY_MS = 60 * 60_000;

export interface PublicationDispatcherOptions {
  prisma: DatabaseClient;
  config: Config;
  store: TaggedResponseCache;
  webhook: PurgeWebhook | null;
  events: ArticleEventBus;
  fanout: EventFanout | null;
  logger: Logger;
  /** With read replicas, every purge first makes them wait for the event's WAL position. */
  replicas?: Pick<ReadReplicas, 'requireReplay' | 'primaryLsn'> | null;
}

export interface PublicationDispatcher {
  /**
   * After an editorial transaction committed: dispatches its due events now (bounded wait),
   * so that an editor who reloads as a reader on this replica sees the change.
   */
  committed(events: OutboxEvent[]): Promise<void>;
  /** One pass of everything owed: shared dispatch, this replica's part, webhook attempts. */
  runOnce(): Promise<void>;
  /** This replica's own part of one event (once per event id): memory purge, subscribers. */
  actOn(event: OutboxEvent): Promise<void>;
  /** Polls the outbox every EVENT_POLL_INTERVAL_MS until `stop`. */
  start(): void;
  /** Stops polling and waits for the pass in progress (part of graceful shutdown). */
  stop(): Promise<void>;
}

export function createPublicationDispatcher(options: PublicationDispatcherOptions): PublicationDispatcher {
  const { prisma, config, store, webhook, events, fanout, logger, replicas = null } = options;
  const log = logger.child({ component: 'publication-events' });
  const { pollIntervalMs, dispatchDelayMs, retentionHours, webhookMaxAttempts } = config.events;
  /** Events this replica has acted on, with when (pruned past the window). */
  const actedOn = new Map<number, number>();
  let lastPrune = 0;
  /** The first look at the outbox only notes what was there: this process cached nothing before. */
  let primed = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  let rerun = false;

  /** The claimable "now": EVENT_DISPATCH_DELAY_MS holds events back (tests and drills). */
  const claimNow = () => new Date(Date.now() - dispatchDelayMs);

  /** This replica's own part of one event. */
  async function actOn(event: OutboxEvent): Promise<void> {
    if (actedOn.has(event.id)) return;
    actedOn.set(event.id, Date.now());
    // Before this process's purge: no read after it may refill the cache from a replica that
    // has not replayed the change yet (src/db/replicas.ts).
    replicas?.requireReplay(event.lsn);
    if (store.kind === 'memory') await store.invalidateTags(event.tags);
    else store.noteInvalidation();
    if (event.article) events.publish(event.article);
    log.debug({ id: event.id, type: event.type, tags: event.tags.length }, 'publication event acted on');
  }

  fanout?.onEvent((event) => void actOn(event).catch((error: unknown) => log.error({ err: error }, 'acting on an event failed')));

  /** Claims and dispatches due events until none is left; false when Redis failed. */
  async function dispatchShared(): Promise<boolean> {
    for (;;) {
      let dispatched: OutboxEvent[];
      try {
        dispatched = await dispatchDueEvents(
          prisma,
          claimNow(),
          DISPATCH_BATCH,
          async (due) => {
            // Taken once these events' commits are visible, so it is past them; a failure rolls
            // the claim back like any other, and the events are dispatched at the next pass.
            if (replicas) {
              const lsn = await replicas.primaryLsn();
              for (const event of due) event.lsn = lsn;
              replicas.requireReplay(lsn);
            }
            if (store.kind === 'redis') await store.invalidateTags(due.flatMap((event) => event.tags));
            await fanout?.publish(due);
          },
          { webhookConfigured: webhook !== null },
        );
      } catch (error) {
        log.warn({ err: error }, 'publication events: dispatch failed; they stay in the outbox and are retried');
        return false;
      }
      for (const event of dispatched) await actOn(event);
      if (dispatched.length > 0) log.info({ ids: dispatched.map((event) => event.id) }, 'publication events dispatched');
      if (dispatched.length < DISPATCH_BATCH) return true;
    }
  }

  /** Dispatched events this replica missed (no Redis, a fan-out message lost). */
  async function catchUpLocally(): Promise<void> {
    const now = Date.now();
    for (const [id, at] of actedOn) if (now - at > 2 * RECENT_WINDOW_MS) actedOn.delete(id);
    const ids = await recentDueEventIds(prisma, new Date(now), RECENT_WINDOW_MS);
    if (!primed) {
      primed = true;
      for (const id of ids) if (!actedOn.has(id)) actedOn.set(id, now);
      return;
    }
    const missing = ids.filter((id) => !actedOn.has(id));
    for (const event of await readEvents(prisma, missing)) await actOn(event);
  }

  async function deliverWebhooks(): Promise<void> {
    if (!webhook) return;
    for (;;) {
      const claimed = await claimWebhookDeliveries(prisma, claimNow(), 10, webhookMaxAttempts);
      await Promise.all(
        claimed.map(async (event) => {
          let failure: string | null = null;
          try {
            await webhook.send({ id: event.id, type: event.type, tags: event.tags });
          } catch (error) {
            failure = error instanceof Error ? error.message : String(error);
          }
          const giveUp = failure !== null && event.attempt >= webhookMaxAttempts;
          if (failure) log[giveUp ? 'error' : 'warn']({ id: event.id, attempt: event.attempt, reason: failure }, 'purge webhook failed');
          await recordWebhookResult(prisma, event.id, failure, giveUp);
        }),
      );
      if (claimed.length < 10) return;
    }
  }

  async function pass(): Promise<void> {
    const caughtUp = await dispatchShared();
    // The shared store serves again once nothing published while it was away is left unpurged.
    if (caughtUp && store.suspended) {
      try {
        await store.probe();
        store.resume();
        log.info('response cache: purges caught up, serving from the shared cache again');
      } catch {
        // still away
      }
    }
    await catchUpLocally();
    await deliverWebhooks();
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      const pruned = await pruneEvents(prisma, new Date(), retentionHours * 3_600_000);
      if (pruned > 0) log.info({ pruned }, 'publication events past their retention deleted');
    }
  }

  /** One pass at a time; a request for another during one runs it right after. */
  function runOnce(): Promise<void> {
    if (running) {
      rerun = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          rerun = false;
          await pass();
        } while (rerun && !stopped);
      } catch (error) {
        log.error({ err: error }, 'publication events: pass failed; retried at the next poll');
      } finally {
        running = null;
      }
    })();
    return running;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().finally(schedule), pollIntervalMs);
    timer.unref();
  };

  return {
    async committed(committedEvents) {
      const now = claimNow();
      if (!committedEvents.some((event) => event.dueAt <= now)) return;
      let waited: NodeJS.Timeout | undefined;
      // The events this replica claims are acted on here before the answer goes out; any
      // another replica claimed first arrive by its fan-out or the next poll.
      await Promise.race([dispatchShared(), new Promise((resolve) => (waited = setTimeout(resolve, COMMIT_WAIT_MS)))]);
      clearTimeout(waited);
      void deliverWebhooks().catch((error: unknown) => log.error({ err: error }, 'purge webhook pass failed'));
    },
    runOnce,
    actOn,
    start() {
      stopped = false;
      void runOnce().finally(schedule);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
