/** The per-request dataloaders, created in the GraphQL context so caches never cross requests. */
import type { DatabaseClient } from '../db/database.js';
import type { RelatedWeights } from '../domain/related-ranking.js';
import { visibleArticles } from '../db/visibility.js';
import { createArticlesByIdLoaders } from './articles-by-id.js';
import { createRelatedArticlesLoader } from './related-articles.js';

export function createLoaders(prisma: DatabaseClient, now: Date, weights: RelatedWeights) {
  return {
    relatedArticles: createRelatedArticlesLoader(prisma, now, weights),
    articlesById: createArticlesByIdLoaders(prisma, visibleArticles({ now })),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
