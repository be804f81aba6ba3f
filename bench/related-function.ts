/**
 * "Other news" for many articles in one SQL statement, by calling related_articles() directly. The statement implements the ranking
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
 * The gateway reads it through the view RelatedArticle (src/schema/related.ts), with the
 * related articles' fields in the same statement; this direct call is the benchmarks' (the
 * naive and raw servers, bench/related.ts).
 */
import type { DatabaseClient } from '../src/db/database.js';
import type { RelatedWeights } from '../src/domain/related-ranking.js';

/** Tagged neighbours read per tag on each side of the source's date. */
export const NEIGHBOURS_PER_TAG = 50;

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
