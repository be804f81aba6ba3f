/**
 * Loads articles by id for a given Pothos selection, batching every lookup made with the
 * same selection in one tick into one `findMany`. A page of 20 articles each asking for its
 * related articles' authors and tags thus costs one query for all the related articles, and
 * the plugin's usual one-per-relation for their nested fields.
 */
import DataLoader from 'dataloader';
import type { DatabaseClient } from '../db/database.js';
import { JOINED } from '../db/visibility.js';
import type { Prisma as PrismaTypes } from '../generated/prisma/client.js';

type ArticleQuery = Omit<PrismaTypes.ArticleFindManyArgs, 'where'>;
type ArticleRecord = Awaited<ReturnType<DatabaseClient['article']['findMany']>>[number];

export function createArticlesByIdLoaders(prisma: DatabaseClient, visible: PrismaTypes.ArticleWhereInput) {
  const loaders = new Map<string, DataLoader<number, ArticleRecord | null>>();
  return (query: ArticleQuery): DataLoader<number, ArticleRecord | null> => {
    const key = JSON.stringify(query);
    let loader = loaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const rows = await prisma.article.findMany({ ...query, ...JOINED, where: { id: { in: [...ids] }, ...visible } });
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      loaders.set(key, loader);
    }
    return loader;
  };
}
