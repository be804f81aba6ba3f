-- CreateTable
CREATE TABLE "PublishedCount" (
    "scope" TEXT NOT NULL,
    "key" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PublishedCount_pkey" PRIMARY KEY ("scope","key")
);

-- ---------------------------------------------------------------------------------------
-- What a reader may see: ONE definition, which every statement, function and trigger below
-- and every raw SQL statement of the gateway reads (src/db/visibility.ts says the same for
-- Prisma, from the same constants; test/integration/visibility.test.ts checks that every
-- form agrees on every state and that every read path answers exactly the public set).
--
-- An article is public from "article_visible_from" on: its publishedAt while it is
-- PUBLISHED, never (null) as a DRAFT or ARCHIVED (withdrawn). Before that instant a
-- PUBLISHED article is scheduled.
-- ---------------------------------------------------------------------------------------
CREATE FUNCTION "article_visible_from"(status "ArticleStatus", published_at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN status = 'PUBLISHED' THEN published_at END
$$;

-- "article_visible_from"(status, published_at) <= at, written so that the planner, which
-- inlines a one-expression SQL function, can read it from the (status, publishedAt) indexes.
CREATE FUNCTION "article_is_public"(status "ArticleStatus", published_at timestamptz, at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT status = 'PUBLISHED' AND published_at <= at
$$;

-- "article_visible_from"(status, published_at) > at: counted as PUBLISHED, not public yet.
CREATE FUNCTION "article_is_scheduled"(status "ArticleStatus", published_at timestamptz, at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT status = 'PUBLISHED' AND published_at > at
$$;

-- ArticleTag."visibleAt" = "article_visible_from" of its article.
CREATE OR REPLACE FUNCTION "article_tag_set_visible_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT "article_visible_from"(a."status", a."publishedAt")
    INTO NEW."visibleAt"
    FROM "Article" a WHERE a."id" = NEW."articleId";
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION "article_sync_tag_visibility"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ArticleTag"
     SET "visibleAt" = "article_visible_from"(NEW."status", NEW."publishedAt")
   WHERE "articleId" = NEW."id";
  RETURN NULL;
END
$$;

-- Tag."articleCount" = ArticleTag rows of the tag whose article has a visible-from instant
-- (published or scheduled): a draft or a withdrawn article no longer counts, so saving one
-- changes no reader's count or related-article ranking.
CREATE OR REPLACE FUNCTION "tag_count_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Tag" t SET "articleCount" = t."articleCount" + d.n
    FROM (SELECT "tagId", count(*)::int AS n FROM added WHERE "visibleAt" IS NOT NULL GROUP BY "tagId") d
   WHERE t."id" = d."tagId";
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "tag_count_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Tag" t SET "articleCount" = t."articleCount" - d.n
    FROM (SELECT "tagId", count(*)::int AS n FROM removed WHERE "visibleAt" IS NOT NULL GROUP BY "tagId") d
   WHERE t."id" = d."tagId";
  RETURN NULL;
END
$$;

-- A publication moves a row's "visibleAt" from null to a date: +1; a withdrawal, -1; a new
-- date, nothing.
CREATE OR REPLACE FUNCTION "tag_count_moved"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Tag" t SET "articleCount" = t."articleCount" + d.n
    FROM (SELECT "tagId", sum(n)::int AS n FROM (
            SELECT "tagId", 1 AS n FROM added WHERE "visibleAt" IS NOT NULL
            UNION ALL SELECT "tagId", -1 FROM removed WHERE "visibleAt" IS NOT NULL) moves
          GROUP BY "tagId" HAVING sum(n) <> 0) d
   WHERE t."id" = d."tagId";
  RETURN NULL;
END
$$;

-- "PublishedCount": the same for the whole corpus, each section and each author, once per
-- statement (a batch insert of 10,000 articles touches each counter once).
CREATE FUNCTION "published_count_rows"(visible_from timestamptz, category_id int, author_id int, sign int)
RETURNS TABLE (scope text, key int, n int) LANGUAGE sql IMMUTABLE AS $$
  SELECT s.scope, s.key, sign FROM (VALUES ('all', 0), ('category', category_id), ('author', author_id)) AS s(scope, key)
   WHERE visible_from IS NOT NULL AND s.key IS NOT NULL
$$;

CREATE FUNCTION "published_count_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "PublishedCount" ("scope", "key", "count")
  SELECT r.scope, r.key, sum(r.n)::int FROM added a
   CROSS JOIN LATERAL "published_count_rows"("article_visible_from"(a."status", a."publishedAt"), a."categoryId", a."authorId", 1) r
   GROUP BY r.scope, r.key
  ON CONFLICT ("scope", "key") DO UPDATE SET "count" = "PublishedCount"."count" + EXCLUDED."count";
  RETURN NULL;
END
$$;

CREATE FUNCTION "published_count_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "PublishedCount" ("scope", "key", "count")
  SELECT r.scope, r.key, sum(r.n)::int FROM removed a
   CROSS JOIN LATERAL "published_count_rows"("article_visible_from"(a."status", a."publishedAt"), a."categoryId", a."authorId", -1) r
   GROUP BY r.scope, r.key
  ON CONFLICT ("scope", "key") DO UPDATE SET "count" = "PublishedCount"."count" + EXCLUDED."count";
  RETURN NULL;
END
$$;

-- Most updates (an edited body) net to zero and write nothing.
CREATE FUNCTION "published_count_moved"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "PublishedCount" ("scope", "key", "count")
  SELECT r.scope, r.key, sum(r.n)::int FROM (
      SELECT r.* FROM added a
       CROSS JOIN LATERAL "published_count_rows"("article_visible_from"(a."status", a."publishedAt"), a."categoryId", a."authorId", 1) r
      UNION ALL
      SELECT r.* FROM removed a
       CROSS JOIN LATERAL "published_count_rows"("article_visible_from"(a."status", a."publishedAt"), a."categoryId", a."authorId", -1) r
    ) r
   GROUP BY r.scope, r.key HAVING sum(r.n) <> 0
  ON CONFLICT ("scope", "key") DO UPDATE SET "count" = "PublishedCount"."count" + EXCLUDED."count";
  RETURN NULL;
END
$$;

CREATE TRIGGER "published_count_added" AFTER INSERT ON "Article"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "published_count_added"();
CREATE TRIGGER "published_count_removed" AFTER DELETE ON "Article"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "published_count_removed"();
CREATE TRIGGER "published_count_moved" AFTER UPDATE ON "Article"
  REFERENCING NEW TABLE AS added OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "published_count_moved"();

-- How many articles of a scope a reader may see at `at`: the counter less the scheduled
-- articles (few, read through an index on (status, publishedAt)), so it costs the same at
-- 10k and 1M articles. Scopes: 'all' (keys ignored), 'category' and 'author' (the counters
-- of the keys added up: a section with its subsections), 'tag' (Tag."articleCount").
CREATE FUNCTION "public_article_count"(p_scope text, p_keys int[], p_at timestamptz) RETURNS int
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  counted bigint;
  scheduled bigint;
BEGIN
  IF p_scope = 'tag' THEN
    SELECT coalesce(sum(t."articleCount"), 0) INTO counted FROM "Tag" t WHERE t.id = ANY(p_keys);
    SELECT count(*) INTO scheduled FROM "ArticleTag" x WHERE x."tagId" = ANY(p_keys) AND x."visibleAt" > p_at;
  ELSIF p_scope = 'all' THEN
    SELECT coalesce(sum(c."count"), 0) INTO counted FROM "PublishedCount" c WHERE c.scope = 'all' AND c.key = 0;
    SELECT count(*) INTO scheduled FROM "Article" a WHERE "article_is_scheduled"(a.status, a."publishedAt", p_at);
  ELSE
    SELECT coalesce(sum(c."count"), 0) INTO counted FROM "PublishedCount" c WHERE c.scope = p_scope AND c.key = ANY(p_keys);
    SELECT count(*) INTO scheduled FROM "Article" a
     WHERE "article_is_scheduled"(a.status, a."publishedAt", p_at)
       AND CASE p_scope WHEN 'category' THEN a."categoryId" = ANY(p_keys) WHEN 'author' THEN a."authorId" = ANY(p_keys) END;
  END IF;
  RETURN (counted - scheduled)::int;
END
$fn$;

-- Backfill.
UPDATE "ArticleTag" at
   SET "visibleAt" = "article_visible_from"(a."status", a."publishedAt")
  FROM "Article" a WHERE a."id" = at."articleId";
UPDATE "Tag" t SET "articleCount" = (SELECT count(*) FROM "ArticleTag" at WHERE at."tagId" = t."id" AND at."visibleAt" IS NOT NULL);
INSERT INTO "PublishedCount" ("scope", "key", "count")
SELECT r.scope, r.key, sum(r.n)::int FROM "Article" a
 CROSS JOIN LATERAL "published_count_rows"("article_visible_from"(a."status", a."publishedAt"), a."categoryId", a."authorId", 1) r
 GROUP BY r.scope, r.key;

-- Related-article ranking (migration related_articles_function) on the same definition:
-- candidates are public ("article_is_public"; ArticleTag."visibleAt" <= now is the same
-- rule), and rarity counts public articles only.
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
  source_tag AS (
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
