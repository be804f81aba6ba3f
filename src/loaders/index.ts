/** The per-request dataloaders, created in the GraphQL context so caches never cross requests. */
import type { DatabaseClient } from '../db/database.js';
import { visibleArticles } from '../db/visibility.js';
import { createArticlesByIdLoaders } from './articles-by-id.js';

export function createLoaders(prisma: DatabaseClient, now: Date) {
  return {
    articlesById: createArticlesByIdLoaders(prisma, visibleArticles({ now })),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
