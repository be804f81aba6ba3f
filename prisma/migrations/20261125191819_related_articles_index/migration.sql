-- DropIndex
DROP INDEX "ArticleTag_tagId_articleId_idx";

-- AlterTable
ALTER TABLE "ArticleTag" ADD COLUMN     "visibleAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "articleCount" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "ArticleTag_tagId_visibleAt_articleId_idx" ON "ArticleTag"("tagId", "visibleAt" DESC, "articleId");

-- The two columns above are derived data, kept true by the database itself so that no
-- writer (the gateway, an import, a hand-written UPDATE) can forget them.

-- ArticleTag."visibleAt" = the article's "publishedAt" while it is PUBLISHED, else NULL.
CREATE FUNCTION "article_tag_set_visible_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT CASE WHEN a."status" = 'PUBLISHED' THEN a."publishedAt" END
    INTO NEW."visibleAt"
    FROM "Article" a WHERE a."id" = NEW."articleId";
  RETURN NEW;
END
$$;

CREATE TRIGGER "article_tag_set_visible_at"
  BEFORE INSERT OR UPDATE OF "articleId" ON "ArticleTag"
  FOR EACH ROW EXECUTE FUNCTION "article_tag_set_visible_at"();

CREATE FUNCTION "article_sync_tag_visibility"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ArticleTag"
     SET "visibleAt" = CASE WHEN NEW."status" = 'PUBLISHED' THEN NEW."publishedAt" END
   WHERE "articleId" = NEW."id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "article_sync_tag_visibility"
  AFTER UPDATE OF "status", "publishedAt" ON "Article"
  FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."publishedAt" IS DISTINCT FROM NEW."publishedAt")
  EXECUTE FUNCTION "article_sync_tag_visibility"();

-- Tag."articleCount" = number of ArticleTag rows of the tag, updated once per statement
-- (a batch insert of 10,000 rows touches each tag once, not 10,000 times).
CREATE FUNCTION "tag_count_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Tag" t SET "articleCount" = t."articleCount" + d.n
    FROM (SELECT "tagId", count(*)::int AS n FROM added GROUP BY "tagId") d
   WHERE t."id" = d."tagId";
  RETURN NULL;
END
$$;

CREATE FUNCTION "tag_count_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Tag" t SET "articleCount" = t."articleCount" - d.n
    FROM (SELECT "tagId", count(*)::int AS n FROM removed GROUP BY "tagId") d
   WHERE t."id" = d."tagId";
  RETURN NULL;
END
$$;

-- Most updates of ArticleTag only touch "visibleAt"; they net to zero and write nothing.
CREATE FUNCTION "tag_count_moved"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Tag" t SET "articleCount" = t."articleCount" + d.n
    FROM (SELECT "tagId", sum(n)::int AS n FROM (
            SELECT "tagId", 1 AS n FROM added UNION ALL SELECT "tagId", -1 FROM removed) moves
          GROUP BY "tagId" HAVING sum(n) <> 0) d
   WHERE t."id" = d."tagId";
  RETURN NULL;
END
$$;

CREATE TRIGGER "tag_count_added" AFTER INSERT ON "ArticleTag"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "tag_count_added"();
CREATE TRIGGER "tag_count_removed" AFTER DELETE ON "ArticleTag"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "tag_count_removed"();
CREATE TRIGGER "tag_count_moved" AFTER UPDATE ON "ArticleTag"
  REFERENCING NEW TABLE AS added OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "tag_count_moved"();

-- Backfill what existed before this migration.
UPDATE "ArticleTag" at
   SET "visibleAt" = CASE WHEN a."status" = 'PUBLISHED' THEN a."publishedAt" END
  FROM "Article" a WHERE a."id" = at."articleId";
UPDATE "Tag" t SET "articleCount" = (SELECT count(*) FROM "ArticleTag" at WHERE at."tagId" = t."id");
