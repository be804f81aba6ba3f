/**
 * Publish events: an article became public, changed while public, or stopped being public.
 * They drive the `articlePublished` subscription and cache invalidation (src/cache/). With
 * REDIS_URL set they travel through Redis, so every gateway replica sees every event;
 * otherwise they stay in this process.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';

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

export function createArticleEventBus(redisUrl: string | null): ArticleEventBus {
  if (!redisUrl) {
    const pubSub = createPubSub<{ [CHANNEL]: [ArticleEvent] }>();
    return {
      publish: (event) => pubSub.publish(CHANNEL, event),
      subscribe: () => pubSub.subscribe(CHANNEL),
      close: async () => {},
    };
  }
  // Redis needs one connection to publish and another one parked in subscriber mode.
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const pubSub = createPubSub<{ [CHANNEL]: [ArticleEvent] }>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
  });
  return {
    publish: (event) => pubSub.publish(CHANNEL, event),
    subscribe: () => pubSub.subscribe(CHANNEL),
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
