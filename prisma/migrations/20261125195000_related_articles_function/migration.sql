-- Related-article ranking as a function: one statement for the caller, and PL/pgSQL keeps
-- its query plan for the session, so a request pays for executing the ranking, not for
-- planning a 60-line query every time. The formula is src/domain/related-ranking.ts; see
-- src/loaders/related-articles.ts for how the candidates are read from indexes.
CREATE FUNCTION "related_articles"(
  p_source_ids int[],
  p_now timestamptz,
  p_same_category_bonus float8,
  p_half_life_days float8,
  p_per_tag int,
  p_fallback int,
  p_first int
) RETURNS TABLE ("sourceId" int, "articleId" int, "score" float8, "tier" int)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH corpus AS (
    -- The article count for rarity: the planner's estimate once the table is analysed (free at
    -- any size), an exact count while it is small and never analysed.
    SELECT CASE WHEN c.reltuples > 0 THEN c.reltuples::float8
                ELSE (SELECT count(*) FROM "Article")::float8 END AS total
    FROM pg_class c WHERE c.oid = '"Article"'::regclass
  ),
  source AS (
    SELECT a.id, a."categoryId", coalesce(a."publishedAt", p_now) AS "publishedAt"
    FROM "Article" a WHERE a.id = ANY(p_source_ids)
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
        WHERE x."tagId" = st."tagId" AND x."visibleAt" <= least(st."publishedAt", p_now)
        ORDER BY x."visibleAt" DESC LIMIT p_per_tag)
      UNION ALL
      (SELECT x."articleId" FROM "ArticleTag" x
        WHERE x."tagId" = st."tagId" AND x."visibleAt" > st."publishedAt" AND x."visibleAt" <= p_now
        ORDER BY x."visibleAt" ASC LIMIT p_per_tag)
    ) n
    GROUP BY st.source_id, n."articleId"
  ),
  category_candidate AS (
    SELECT s.id AS source_id, c.id AS candidate_id
    FROM source s
    CROSS JOIN LATERAL (
      SELECT a.id FROM "Article" a
      WHERE a."categoryId" = s."categoryId" AND a.status = 'PUBLISHED' AND a."publishedAt" <= p_now
      ORDER BY a."publishedAt" DESC, a.id DESC LIMIT p_fallback
    ) c
  ),
  latest AS (
    SELECT a.id FROM "Article" a
    WHERE a.status = 'PUBLISHED' AND a."publishedAt" <= p_now
    ORDER BY a."publishedAt" DESC, a.id DESC LIMIT p_fallback
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
             (c.tag_score + CASE WHEN a."categoryId" = s."categoryId" THEN p_same_category_bonus ELSE 0 END)
             * power(0.5, abs(extract(epoch FROM a."publishedAt" - s."publishedAt")) / 86400.0 / p_half_life_days)
           ELSE 0 END AS score
    FROM candidate c
    JOIN source s ON s.id = c.source_id
    JOIN "Article" a ON a.id = c.candidate_id
    WHERE a.id <> c.source_id AND a.status = 'PUBLISHED' AND a."publishedAt" <= p_now
    ORDER BY c.source_id, a.id, c.tier
  ),
  ranked AS (
    SELECT scored.*, row_number() OVER (
      PARTITION BY source_id ORDER BY tier, score DESC, "publishedAt" DESC, id DESC) AS rank
    FROM scored
  )
  SELECT ranked.source_id, ranked.id, ranked.score::float8, ranked.tier::int
  FROM ranked WHERE ranked.rank <= p_first ORDER BY ranked.source_id, ranked.rank;
END
$fn$;
