-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "searchRank" tsvector,
ADD COLUMN     "searchVector" tsvector;

-- Vietnamese full-text search (issue #4). The two columns above are derived data, kept by
-- a trigger, so that every writer (createMany, an import, a hand-written UPDATE) keeps them
-- true. Documents and queries are folded by the same SQL functions, so what matches does
-- not depend on the application.

-- unaccent() is STABLE because its rules file is configuration; the wrappers below are
-- declared IMMUTABLE, the usual idiom, and bind the dictionary when they are created.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Lower case (for Vietnamese letters this relies on a UTF-8 LC_CTYPE, such as C.UTF-8, the
-- default of both PGlite and the Debian server), NFC, and every run of characters that are
-- not letters or digits turned into one space: the tokenizer then sees exactly the words that
-- src/domain/search-query.ts sees ("COVID-19" → "covid 19", "3,5%" → "3 5").
CREATE FUNCTION "search_lower"(input text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(lower(normalize(input, NFC)), '[^[:alnum:]]+', ' ', 'g');

-- The same, folded: no diacritics, and đ/Đ → d explicitly (it is a letter of its own, not a
-- d with a mark; this unaccent.rules maps it, but not every rules file does).
-- "Lục Yên có “Dân vận khéo”" → "luc yen co dan van kheo".
CREATE FUNCTION "search_fold"(input text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(
    lower(unaccent('unaccent'::regdictionary, translate(normalize(input, NFC), 'đĐ', 'dD'))),
    '[^[:alnum:]]+', ' ', 'g');

-- The text of an article body as the API shows it: blocks {"kind", "text"} or bare strings,
-- in order (as bodyBlocks() in src/schema/article.ts reads them).
CREATE FUNCTION "article_body_text"(body jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT coalesce(string_agg(CASE
           WHEN jsonb_typeof(block) = 'string' THEN block #>> '{}'
           WHEN jsonb_typeof(block -> 'text') = 'string' THEN block ->> 'text'
         END, E'\n' ORDER BY n), '')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(body) = 'array' THEN body ELSE '[]'::jsonb END)
         WITH ORDINALITY AS blocks(block, n);
END;

-- Day and month numbers (UTC, since 1970), for the markers below.
CREATE FUNCTION "search_day"(at timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN floor(extract(epoch FROM at) / 86400)::bigint;

CREATE FUNCTION "search_month"(at timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (extract(year FROM at AT TIME ZONE 'UTC') * 12 + extract(month FROM at AT TIME ZONE 'UTC') - 1)::bigint;

-- "searchVector", what the GIN index holds: every folded word of title, lead and body, and,
-- while the article is PUBLISHED, the same words tagged with its month ("kheo@m650") and a
-- marker of its day ("#d19786"). No query can produce those (queries are folded to letters and
-- digits), so they are only matched on purpose: when a query matches too many articles to
-- rank them all, search reads its newest matches through the index alone, a day, then a month
-- at a time (src/db/search.ts).
-- "searchRank", what ranking reads: title (weight A), lead (B) and the first 60 words of the
-- body (C), folded, with positions; and, without positions, the words of that same text that
-- carry diacritics, lower-cased ("lục", "khéo"), for queries typed with diacritics.
CREATE FUNCTION "article_search_document"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  body_text text := "article_body_text"(NEW."body");
  folded_title text := "search_fold"(coalesce(NEW."title", ''));
  folded_lead text := "search_fold"(coalesce(NEW."lead", ''));
  folded_body text := "search_fold"(body_text);
  body_start text := array_to_string((string_to_array(btrim(folded_body), ' '))[1:60], ' ');
  lower_body_start text := array_to_string((string_to_array(btrim("search_lower"(body_text)), ' '))[1:60], ' ');
  words tsvector := strip(to_tsvector('simple', concat_ws(' ', folded_title, folded_lead, folded_body)));
  ranked tsvector := setweight(to_tsvector('simple', folded_title), 'A')
                  || setweight(to_tsvector('simple', folded_lead), 'B')
                  || setweight(to_tsvector('simple', body_start), 'C');
  month text;
BEGIN
  IF NEW."status" = 'PUBLISHED' AND NEW."publishedAt" IS NOT NULL THEN
    month := '@m' || "search_month"(NEW."publishedAt");
    NEW."searchVector" := words
      || array_to_tsvector(ARRAY(SELECT word || month FROM unnest(tsvector_to_array(words)) AS word))
      || array_to_tsvector(ARRAY['#d' || "search_day"(NEW."publishedAt")]);
  ELSE
    NEW."searchVector" := words;
  END IF;
  -- A word whose lower-cased form is already a folded word ("400", "van" written "van") has
  -- no diacritics to be exact about, and is left out.
  NEW."searchRank" := ranked || ts_delete(
    strip(to_tsvector('simple', concat_ws(' ', "search_lower"(NEW."title"), "search_lower"(NEW."lead"), lower_body_start))),
    tsvector_to_array(ranked));
  RETURN NEW;
END
$$;

-- Also on updates of the derived columns themselves, so they cannot be set to anything else.
CREATE TRIGGER "article_search_document"
  BEFORE INSERT OR UPDATE OF "title", "lead", "body", "status", "publishedAt", "searchVector", "searchRank"
  ON "Article" FOR EACH ROW EXECUTE FUNCTION "article_search_document"();

-- Ranking reads "searchRank" for every candidate: keep it in the row (compressed if need be)
-- rather than in the TOAST table. "searchVector" is read through its index only.
ALTER TABLE "Article" ALTER COLUMN "searchRank" SET STORAGE MAIN;

-- Backfill what existed before this migration (the trigger computes both columns).
UPDATE "Article" SET "searchVector" = NULL;

-- CreateIndex (after the backfill: building it once is faster than updating it row by row)
CREATE INDEX "Article_searchVector_idx" ON "Article" USING GIN ("searchVector");
