-- The search document of an article costs about a millisecond of PostgreSQL CPU per write
-- (the bulk of a seed or an import). Two savings, with results identical to before:

-- 1. Text that is already NFC, as everything the gateway writes is, is not normalized again:
--    the check is several times cheaper than the normalization.
CREATE OR REPLACE FUNCTION "search_nfc"(input text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN input IS NFC NORMALIZED THEN input ELSE normalize(input, NFC) END;

CREATE OR REPLACE FUNCTION "search_lower"(input text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(lower("search_nfc"(input)), '[^[:alnum:]]+', ' ', 'g');

CREATE OR REPLACE FUNCTION "search_fold"(input text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(
    lower(unaccent('unaccent'::regdictionary, translate("search_nfc"(input), 'đĐ', 'dD'))),
    '[^[:alnum:]]+', ' ', 'g');

-- The first `n` words of search_lower(input), reading only as much of the input as they need:
-- a prefix that holds more than n words has the same first n words as the whole text.
CREATE FUNCTION "search_lower_first_words"(input text, n int) RETURNS text
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  words text[] := string_to_array(btrim("search_lower"(left(input, n * 12))), ' ');
BEGIN
  IF coalesce(array_length(words, 1), 0) <= n THEN
    words := string_to_array(btrim("search_lower"(input)), ' ');
  END IF;
  RETURN array_to_string(words[1:n], ' ');
END
$$;

-- 2. The exact-diacritics words of the body's start are lower-cased from the start only.
CREATE OR REPLACE FUNCTION "article_search_document"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  body_text text := "article_body_text"(NEW."body");
  folded_title text := "search_fold"(coalesce(NEW."title", ''));
  folded_lead text := "search_fold"(coalesce(NEW."lead", ''));
  folded_body text := "search_fold"(body_text);
  body_start text := array_to_string((string_to_array(btrim(folded_body), ' '))[1:60], ' ');
  lower_body_start text := "search_lower_first_words"(body_text, 60);
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
