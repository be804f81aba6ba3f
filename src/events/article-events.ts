/**
 * Publish events: an article became public, changed while public, or stopped being public.
 * They drive the `articlePublished` subscription and cache invalidation (src/cache/). With
 * REDIS_URL set they travel through Redis, so every gateway replica sees every event;
 * otherwise they stay in this process.
 */
import { createPubSub } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { RedisConnection } from '../redis/connection.js';

export type ArticleEventType = 'PUBLISHED' | 'UPDATED' | 'UNPUBLISHED';

/** Plain JSON, so it crosses Redis unchanged. */
export interface ArticleEvent {
  type: ArticleEventType;
  articleId: number;
  slug: string;
  categoryId: number | null;
  /** The section's parent too, so a subscription to a section sees its subsections. */
  parentCategoryId: number | null;
  tagIds: number[];
  /** ISO-8601; the archive day the article belongs (or belonged) to. */
  publishedAt: string | null;
  /** The byline's author, so caches can purge the author's page. */
  authorId?: number | null;
  /** Where the article was before this change, when an edit moved it (caches purge both). */
  previous?: { categoryId: number | null; parentCategoryId: number | null; authorId: number | null; publishedAt: string | null } | null;
  occurredAt: string;
}

const CHANNEL = 'article-events';

export interface ArticleEventBus {
  publish(event: ArticleEvent): void;
  subscribe(): AsyncIterable<ArticleEvent>;
  close(): Promise<void>;
}

/**
 * With a Redis connection, events cross replicas on the deployment's own channel. Every Redis
 * call is awaited and its failure logged: a publish while Redis is away must not become an
 * unhandled rejection (which ends the process).
 */
export function createArticleEventBus(redis: RedisConnection | null = null, logger?: Logger): ArticleEventBus {
  const local = createPubSub<{ [CHANNEL]: [ArticleEvent] }>();
  if (!redis) {
    return {
      publish: (event) => local.publish(CHANNEL, event),
      subscribe: () => local.subscribe(CHANNEL),
      close: async () => {},
    };
  }
  const channel = redis.channel(CHANNEL);
  // Redis needs a connection of its own parked in subscriber mode.
  const subscriber = redis.subscriber();
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    try {
      local.publish(CHANNEL, JSON.parse(message) as ArticleEvent);
    } catch (error) {
      logger?.warn({ err: error }, 'publish events: unreadable message ignored');
    }
  });
  subscriber.subscribe(channel).catch((error: unknown) => logger?.warn({ err: error }, 'publish events: subscribing failed'));
  return {
    publish: (event) => {
      redis.client.publish(channel, JSON.stringify(event)).catch((error: unknown) => {
        logger?.error({ err: error, event }, 'publish events: Redis unreachable, event not sent');
      });
    },
    subscribe: () => local.subscribe(CHANNEL),
    close: async () => {
      if (subscriber.status === 'ready') await subscriber.quit().catch(() => {});
      else subscriber.disconnect();
    },
  };
}
