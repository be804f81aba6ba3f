/**
 * Publish events: an article became public, changed while public, or stopped being public.
 * Written to the outbox with the change (src/events/outbox.ts), they drive the
 * `articlePublished` subscription and cache invalidation on every replica.
 */
import { createPubSub } from 'graphql-yoga';

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
 * This process's subscribers. Events reach every replica through the outbox
 * (src/events/dispatcher.ts), which publishes here each event this replica acts on.
 */
export function createArticleEventBus(): ArticleEventBus {
  const local = createPubSub<{ [CHANNEL]: [ArticleEvent] }>();
  return {
    publish: (event) => local.publish(CHANNEL, event),
    subscribe: () => local.subscribe(CHANNEL),
    close: async () => {},
  };
}
