/**
 * "Other news" for many articles in one SQL statement. The statement implements the ranking
 * of src/domain/related-ranking.ts (see there for the formula) with every candidate set read
 * from an index, so its cost does not grow with the corpus:
 *
 * - tier 1, shared tags: per tag of the source, the K tagged articles published nearest
 *   before and after it (ArticleTag(tagId, visibleAt)), scored by rarity, section and decay;
 * - tier 2, same section: its latest articles (Article(categoryId, status, publishedAt));
 * - tier 3, everything: the latest articles (Article(status, publishedAt)).
 *
 * Each source keeps its `first` best by tier, score, recency and id (a window function).
 * The statement lives in the database as the function related_articles() (migration
 * related_articles_function), so its plan is made once per connection, not per request.
 */
import DataLoader from 'dataloader';
import type { DatabaseClient } from '../db/database.js';
import type { RelatedWeights } from '../domain/related-ranking.js';

/** Tagged neighbours read per tag on each side of the source's date. */
export const NEIGHBOURS_PER_TAG = 50;

export interface RelatedKey {
  articleId: number;
  first: number;
}

export interface RelatedHit {
  sourceId: number;
  articleId: number;
  score: number;
  tier: number;
}

const relatedSql = `SELECT * FROM "related_articles"($1::int[], $2::timestamptz, $3::float8, $4::float8, $5::int, $6::int, $7::int)`;

/** Ranks related articles for many sources at once (all with the same `first`). */
export async function findRelatedArticles(
  prisma: DatabaseClient,
  sourceIds: readonly number[],
  first: number,
  now: Date,
  weights: RelatedWeights,
): Promise<Map<number, RelatedHit[]>> {
  const rows = await prisma.$queryRawUnsafe<RelatedHit[]>(
    relatedSql,
    [...sourceIds],
    now,
    weights.sameCategoryBonus,
    weights.halfLifeDays,
    NEIGHBOURS_PER_TAG,
    // Enough fallbacks to fill the list even after removing the source and tier-1 overlaps.
    2 * first + 1,
    first,
  );
  const bySource = new Map<number, RelatedHit[]>(sourceIds.map((id) => [id, []]));
  for (const row of rows) bySource.get(row.sourceId)?.push(row);
  return bySource;
}

/**
 * Per-request loader keyed by (article, first): the related lists of a whole page of
 * articles come from one statement per distinct `first`.
 */
export function createRelatedArticlesLoader(prisma: DatabaseClient, now: Date, weights: RelatedWeights) {
  return new DataLoader<RelatedKey, RelatedHit[], string>(
    async (keys) => {
      const byFirst = new Map<number, number[]>();
      for (const key of keys) byFirst.set(key.first, [...(byFirst.get(key.first) ?? []), key.articleId]);
      const results = new Map<string, RelatedHit[]>();
      await Promise.all(
        [...byFirst].map(async ([first, ids]) => {
          const found = await findRelatedArticles(prisma, [...new Set(ids)], first, now, weights);
          for (const [sourceId, hits] of found) results.set(`${sourceId}:${first}`, hits);
        }),
      );
      return keys.map((key) => results.get(`${key.articleId}:${key.first}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.articleId}:${key.first}` },
  );
}
