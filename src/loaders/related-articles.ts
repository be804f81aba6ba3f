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
 */
import DataLoader from 'dataloader';
import type { Prisma } from '../db/database.js';
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

const relatedSql = `
WITH corpus AS (
  -- The article count for rarity: the planner's estimate once the table is analysed (free at
  -- any size), an exact count while it is small and never analysed.
  SELECT CASE WHEN c.reltuples > 0 THEN c.reltuples::float8
              ELSE (SELECT count(*) FROM "Article")::float8 END AS total
  FROM pg_class c WHERE c.oid = '"Article"'::regclass
),
source AS (
  SELECT a.id, a."categoryId", coalesce(a."publishedAt", $2::timestamptz) AS "publishedAt"
  FROM "Article" a WHERE a.id = ANY($1::int[])
),
source_tag AS (
  SELECT s.id AS source_id, s."publishedAt", st."tagId",
         ln(1 + corpus.total / greatest(t."articleCount", 1)) AS rarity
  FROM source s
  JOIN "ArticleTag" st ON st."articleId" = s.id
  JOIN "Tag" t ON t.id = st."tagId"
  CROSS JOIN corpus
),
tag_candidate AS (
  SELECT st.source_id, n."articleId" AS candidate_id, sum(st.rarity) AS tag_score
  FROM source_tag st
  CROSS JOIN LATERAL (
    (SELECT x."articleId" FROM "ArticleTag" x
      WHERE x."tagId" = st."tagId" AND x."visibleAt" <= least(st."publishedAt", $2::timestamptz)
      ORDER BY x."visibleAt" DESC LIMIT $5)
    UNION ALL
    (SELECT x."articleId" FROM "ArticleTag" x
      WHERE x."tagId" = st."tagId" AND x."visibleAt" > st."publishedAt" AND x."visibleAt" <= $2::timestamptz
      ORDER BY x."visibleAt" ASC LIMIT $5)
  ) n
  GROUP BY st.source_id, n."articleId"
),
category_candidate AS (
  SELECT s.id AS source_id, c.id AS candidate_id
  FROM source s
  CROSS JOIN LATERAL (
    SELECT a.id FROM "Article" a
    WHERE a."categoryId" = s."categoryId" AND a.status = 'PUBLISHED' AND a."publishedAt" <= $2::timestamptz
    ORDER BY a."publishedAt" DESC, a.id DESC LIMIT $6
  ) c
),
latest AS (
  SELECT a.id FROM "Article" a
  WHERE a.status = 'PUBLISHED' AND a."publishedAt" <= $2::timestamptz
  ORDER BY a."publishedAt" DESC, a.id DESC LIMIT $6
),
candidate AS (
  SELECT source_id, candidate_id, 1 AS tier, tag_score FROM tag_candidate
  UNION ALL SELECT source_id, candidate_id, 2, 0 FROM category_candidate
  UNION ALL SELECT s.id, l.id, 3, 0 FROM source s CROSS JOIN latest l
),
scored AS (
  SELECT DISTINCT ON (c.source_id, a.id)
         c.source_id, a.id, c.tier, a."publishedAt",
         CASE WHEN c.tier = 1 THEN
           (c.tag_score + CASE WHEN a."categoryId" = s."categoryId" THEN $3::float8 ELSE 0 END)
           * power(0.5, abs(extract(epoch FROM a."publishedAt" - s."publishedAt")) / 86400.0 / $4::float8)
         ELSE 0 END AS score
  FROM candidate c
  JOIN source s ON s.id = c.source_id
  JOIN "Article" a ON a.id = c.candidate_id
  WHERE a.id <> c.source_id AND a.status = 'PUBLISHED' AND a."publishedAt" <= $2::timestamptz
  ORDER BY c.source_id, a.id, c.tier
),
ranked AS (
  SELECT scored.*, row_number() OVER (
    PARTITION BY source_id ORDER BY tier, score DESC, "publishedAt" DESC, id DESC) AS rank
  FROM scored
)
SELECT source_id AS "sourceId", id AS "articleId", score::float8 AS score, tier::int AS tier
FROM ranked WHERE rank <= $7 ORDER BY source_id, rank`;

/** Ranks related articles for many sources at once (all with the same `first`). */
export async function findRelatedArticles(
  prisma: Prisma,
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
export function createRelatedArticlesLoader(prisma: Prisma, now: Date, weights: RelatedWeights) {
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
