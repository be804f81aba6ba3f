-- related_articles(): the rarity of a source's tags is computed once per tag. With the
-- source_tag CTE inlined, PostgreSQL evaluated public_article_count() in the projection after
-- the LATERAL join, once per candidate row (256 calls, ~1,000 nested statements per article
-- page); MATERIALIZED keeps it at one call per tag, with the same six articles. Found by the
-- benchmark harness; figures in BENCHMARKS.md.
CREATE OR REPLACE FUNCTION "related_articles"(
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
    -- The public articles, for rarity: a counter, so a draft or a scheduled article never
    -- changes the ranking of public ones.
    SELECT greatest("public_article_count"('all', '{}', p_now), 1)::float8 AS total
  ),
  source AS (
    SELECT a.id, a."categoryId", coalesce(a."publishedAt", p_now) AS "publishedAt"
    FROM "Article" a WHERE a.id = ANY(p_source_ids)
  ),
  source_tag AS MATERIALIZED (
    SELECT s.id AS source_id, s."publishedAt", st."tagId",
           ln(1 + corpus.total / greatest("public_article_count"('tag', ARRAY[t.id], p_now), 1)) AS rarity
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
      WHERE a."categoryId" = s."categoryId" AND "article_is_public"(a.status, a."publishedAt", p_now)
      ORDER BY a."publishedAt" DESC, a.id DESC LIMIT p_fallback
    ) c
  ),
  latest AS (
    SELECT a.id FROM "Article" a
    WHERE "article_is_public"(a.status, a."publishedAt", p_now)
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
    WHERE a.id <> c.source_id AND "article_is_public"(a.status, a."publishedAt", p_now)
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
