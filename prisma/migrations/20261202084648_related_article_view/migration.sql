-- CreateTable
CREATE TABLE "RelatedWeights" (
    "sameCategoryBonus" DOUBLE PRECISION NOT NULL,
    "halfLifeDays" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RelatedWeights_pkey" PRIMARY KEY ("sameCategoryBonus","halfLifeDays")
);

-- Written by hand (Prisma's migrate diff ignores views): each article's 20 best related
-- articles under each weights row, so that Prisma loads a related list, and the related
-- articles' fields, with the article's own query (relation joins) instead of in statements of
-- their own. A query names its sourceId and weights: PostgreSQL pushes both into the view, so
-- related_articles() runs once per source asked for and Article is read by primary key, never
-- scanned. Visibility is decided at the statement's time, now() (the gateway's request clock
-- is not a parameter a view can take); src/schema/related.ts filters the related articles with
-- the request's clock too. related_articles() returns each source's list best first, so
-- WITH ORDINALITY is the rank; 41 fallback candidates fill 20 places whatever overlaps.
CREATE VIEW "RelatedArticle" AS
SELECT s.id AS "sourceId", w."sameCategoryBonus", w."halfLifeDays", r.rank::int AS rank,
       r."articleId", r.tier, r.score
FROM "RelatedWeights" w
CROSS JOIN "Article" s
CROSS JOIN LATERAL "related_articles"(ARRAY[s.id], now(), w."sameCategoryBonus", w."halfLifeDays", 50, 41, 20)
  WITH ORDINALITY AS r("sourceId", "articleId", score, tier, rank);
