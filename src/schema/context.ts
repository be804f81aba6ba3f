import type { Config } from '../config.js';
import type { Prisma } from '../db/database.js';
import type { ArticleEventBus } from '../events/article-events.js';
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
}
