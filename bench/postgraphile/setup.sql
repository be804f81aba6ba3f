-- Run by the harness (bench/run.ts) on each benchmark database before PostGraphile starts.
-- Article.relatedArticles for PostGraphile: a computed column (a STABLE function whose
-- first argument is the table's row type) that calls the gateway's own ranking function
-- related_articles() with the gateway's default weights (same-section bonus 1.5, half-life
-- 30 days, 50 neighbours per tag, 2n+1 fallbacks), in rank order. Kept in its own schema so
-- the gateway's migrated public schema is left as Prisma made it.
--
-- Row estimates: related_articles() is PL/pgSQL and declares no ROWS, so the planner takes
-- PostgreSQL's default of 1,000 rows for it; joined to "Article" that made it read the whole
-- table (a merge join over Article_pkey, 8,099 rows, on every article page at 10k). The
-- ranking returns at most n rows, so the subquery says so with LIMIT n, which gives the
-- planner n rows and a nested loop over the primary key (6 index probes). ROWS 6 is the same
-- fact for the planner of whatever calls this function when it is not inlined. The
-- gateway's function itself is not altered: it is the gateway's schema, migrated by it.
CREATE SCHEMA IF NOT EXISTS postgraphile_bench;
CREATE OR REPLACE FUNCTION postgraphile_bench."Article_relatedArticles"(a public."Article", n int DEFAULT 6)
RETURNS SETOF public."Article" LANGUAGE sql STABLE ROWS 6 AS $$
  SELECT x.*
  FROM (SELECT * FROM public.related_articles(ARRAY[a.id], now(), 1.5, 30, 50, 2 * n + 1, n)
                      WITH ORDINALITY AS r("sourceId", "articleId", score, tier, ord)
        LIMIT n) r
  JOIN public."Article" x ON x.id = r."articleId"
  ORDER BY r.ord
$$;
COMMENT ON FUNCTION postgraphile_bench."Article_relatedArticles"(public."Article", int) IS E'@behavior -connection +list';
