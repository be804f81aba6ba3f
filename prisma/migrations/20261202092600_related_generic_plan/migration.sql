-- related_articles(): one generic plan for its statement. Through the view RelatedArticle it runs
-- once per source, and PL/pgSQL's plan cache kept choosing a custom plan, planning the
-- 60-line statement again at each call: a page of 20 articles with their related lists spent
-- 33-37 ms in 20 calls, 12.6 ms with the generic plan; one article's list 2.1 ms -> 1.3 ms
-- (bench_10k, pgbench). Every call is bounded by LIMITs read from indexes, so the plan need
-- not depend on the values.
ALTER FUNCTION "related_articles"(int[], timestamptz, float8, float8, int, int, int)
  SET plan_cache_mode = force_generic_plan;
