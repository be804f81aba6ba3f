import type { Config } from '../config.js';
import type { Prisma } from '../db/database.js';
import type { ArticleEventBus } from '../events/article-events.js';
import type { OutboxEvent } from '../events/outbox.js';
import type { Loaders } from '../loaders/index.js';

export interface EditorIdentity {
  id: number;
  name: string;
  role: 'EDITOR' | 'ADMIN';
}

/** Per-request context handed to every resolver. */
export interface GatewayContext {
  prisma: Prisma;
  config: Config;
  /**
   * The request's clock. Visibility ("published and not scheduled for later") is decided
   * against one instant per request, so every field of a response agrees.
   */
  now: Date;
  loaders: Loaders;
  /** The authenticated editor, or null for an anonymous reader. */
  editor: EditorIdentity | null;
  events: ArticleEventBus;
  /** Delivers the publication events a committed editorial change wrote (src/events/dispatcher.ts). */
  publications: { committed(events: OutboxEvent[]): Promise<void> };
  /**
   * Cache tags beyond the entities in the result (a related list depends on its source's
   * tags): the response is stored under them too (src/server/caching.ts `cacheTagsPlugin`).
   */
  cacheTags: Set<string>;
}
