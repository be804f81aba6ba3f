/**
 * Vietnamese full-text search in one SQL statement, over the two columns the
 * vietnamese_search migration keeps (see there): "searchVector" (GIN-indexed: every folded
 * word; while published also each word tagged with the month, and a day marker) and
 * "searchRank" (title, lead and the body's first 60 words, folded, with positions, plus their
 * words with diacritics).
 *
 * Matching: every word of the query, folded, is in the article (title, lead or body).
 *
 * Ranking:
 *
 *   field(f)   = coverage(f) · (1 + proximity(f)) / 2      for f = title, lead, first 60 words of body
 *     coverage   ts_rank of the words OR-ed: the share of them f has (0.61 each when once,
 *                more when repeated, below 1)
 *     proximity  min(1, ts_rank_cd of the words AND-ed): cover density, 1 for the words as a
 *                phrase, 1/2 with one word between, ~1/8 scattered over a headline, 0 unless f
 *                has them all
 *   relevance  = 1.0 · field(title) + 0.4 · field(lead) + 0.2 · field(body)    (below 1.6)
 *   freshness  = 1 + 0.25 · 0.5 ^ (age in days / 30)                           (1 to 1.25)
 *   score      = relevance · freshness / 2                                     (below 1)
 *              + 1 when the reader typed words with diacritics and the title, lead or body
 *                start has all of them with those diacritics ("lục yên": "Lục Yên" first)
 *
 * ordered by score, then publishedAt, then id, highest and newest first.
 *
 * What is ranked. Ranking reads a row per candidate, so ranking every match of a query that
 * matches a large share of a big corpus ("tỉnh", "yen bai") would cost as much as the corpus:
 *
 * - a small corpus (ids up to SMALL_CORPUS): every match;
 * - when the query's rarest word is in at most PROBE_LIMIT articles (by the planner's
 *   statistics), its matches are read through the index, and the newest SEARCH_WINDOW of
 *   them ranked;
 * - otherwise (or when that finds more than PROBE_LIMIT) the statement walks back from the
 *   newest article through the index alone — "these words, each tagged with the day's month,
 *   and published that day" for at least SEARCH_WALK_DAYS days (up to a month while days are
 *   full), then "these words, each tagged with that month" (by days again through a month
 *   found to hold more than SEARCH_WINDOW matches) — until the days and months read hold at
 *   least SEARCH_WINDOW matches, and ranks those: the newest matches,
 *   in whole days or months (beyond the window, at most the last day's matches or a month's
 *   of at most the window). A step reads only month-tagged postings and a day marker, never
 *   a word's own posting list (at a million articles a common word's holds hundreds of
 *   thousands of entries, spread over the whole index, which a step would decode in full), so
 *   it costs what it finds, and a query matching 2% or 90% of a million articles costs about
 *   the same;
 * - with a tag, section or author filter: the newest SEARCH_WINDOW matches of the filter, as
 *   the planner finds them best (through the filter's index, the words', or both). This path
 *   is not bounded like the others: it may read every match within the filter.
 *
 * publishedFrom / publishedTo narrow all of them.
 */
import type { RankedRow } from '../domain/search-hits.js';
import { PLAN_WITH_VALUES, type DatabaseClient } from './database.js';
import { Prisma as Sql } from '../generated/prisma/client.js';
import { dateFilterSql, relationFilterSql, type ArticleFilter } from './article-filter.js';
import { publicSql } from './visibility.js';
import { capped, COUNT_CAP, type BoundedCount } from './counts.js';

/** Matches ranked, at least, when a query matches more: the newest ones. */
export const SEARCH_WINDOW = 1000;
/** Up to this many articles (by id), every match is ranked: at most that many rows. */
export const SMALL_CORPUS = 2 * SEARCH_WINDOW;
/** A query with at most this many matches has them all read at once, and the newest ranked. */
export const PROBE_LIMIT = 2 * SEARCH_WINDOW;
/** The walk reads day by day for at least this many days, then month by month. */
export const SEARCH_WALK_DAYS = 7;

export const SEARCH_WEIGHTS = { title: 1.0, lead: 0.4, body: 0.2 } as const;
export const SEARCH_FRESHNESS = { boost: 0.25, halfLifeDays: 30 } as const;

/** The same filter as the lists' (src/db/article-filter.ts). */
export type SearchFilter = ArticleFilter;

/** Where a page starts: the last hit of the previous page. */
export interface SearchPosition {
  score: number;
  publishedAt: Date;
  id: number;
}

export interface SearchRequest {
  /** Words separated by single spaces (SearchQuery.text); folded by the database. */
  text: string;
  filter?: SearchFilter | null;
  /** Visibility: published at or before this instant. */
  now: Date;
  /** Freshness is measured from this instant (the first page's clock, so pages agree). */
  reference: Date;
  after?: SearchPosition | null;
  /** Rows to return (ask for one more than the page to learn whether another follows). */
  limit: number;
  /** Tests shrink the window and force a strategy to exercise them on a small corpus. */
  window?: number;
  strategy?: SearchStrategy;
}

/** One ranked article, as the page of hits is made from it (src/domain/search-hits.ts). */
export type SearchRow = RankedRow;

const num = (value: number) => Sql.raw(String(value));

/** What a reader may see, within the filter's dates: the same everywhere below. */
function visibleSql(now: Date, filter: SearchFilter | null | undefined): Sql.Sql {
  return Sql.join([publicSql('a', now), ...dateFilterSql(filter)], ' AND ');
}

/** The score of "Article" a for the query forms in q (see the top of this file). */
function scoreSql(reference: Date): Sql.Sql {
  // ts_rank's weights are {D, C, B, A}; each field is read alone: body C, lead B, title A.
  const field = (weights: string) =>
    Sql.raw(`ts_rank('${weights}', a."searchRank", q.anyword) * (1 + least(1, ts_rank_cd('${weights}', a."searchRank", q.folded))) / 2`);
  return Sql.sql`((
        ${num(SEARCH_WEIGHTS.title)} * (${field('{0,0,0,1}')})
      + ${num(SEARCH_WEIGHTS.lead)} * (${field('{0,0,1,0}')})
      + ${num(SEARCH_WEIGHTS.body)} * (${field('{0,1,0,0}')})
    ) * (1 + ${num(SEARCH_FRESHNESS.boost)}
             * power(0.5, greatest(0, extract(epoch FROM ${reference}::timestamptz - a."publishedAt")) / 86400.0
                          / ${num(SEARCH_FRESHNESS.halfLifeDays)}))
    / 2
    + CASE WHEN q.exact IS NOT NULL AND a."searchRank" @@ q.exact THEN 1 ELSE 0 END)::float8`;
}

/** The query, folded, as the planner sees it: a constant, so it can estimate what matches. */
const foldedQuery = (text: string) => Sql.sql`plainto_tsquery('simple', "search_fold"(${text}))`;

/**
 * The query's forms, computed once: the words folded and AND-ed (what must match), the same
 * OR-ed (coverage), and the words typed with diacritics, lower-cased and AND-ed (null when
 * there are none). All through plainto_tsquery: the text is a bound parameter, never parsed
 * as tsquery syntax.
 */
function querySql(text: string): Sql.Sql {
  return Sql.sql`q AS MATERIALIZED (
    SELECT f.folded,
           -- plainto_tsquery prints 'a' & 'b' & …, its lexemes letters and digits only.
           replace(f.folded::text, ' & ', ' | ')::tsquery AS anyword,
           tsvector_to_array(to_tsvector('simple', "search_fold"(${text}))) AS words,
           (SELECT plainto_tsquery('simple', string_agg(w, ' '))
              FROM unnest(tsvector_to_array(to_tsvector('simple', "search_lower"(${text})))) AS w
             WHERE w <> "search_fold"(w)
            HAVING count(*) > 0) AS exact
    FROM (SELECT ${foldedQuery(text)} AS folded) f
  )`;
}

export type SearchStrategy = 'auto' | 'all' | 'walk' | 'filtered';

/** Every match, scored; `guard` lets the statement skip it. */
function allSql(request: SearchRequest, guard: Sql.Sql): Sql.Sql {
  return Sql.sql`SELECT a.id, a."publishedAt", ${scoreSql(request.reference)} AS score
      FROM "Article" a CROSS JOIN q
      WHERE ${guard} AND a."searchVector" @@ ${foldedQuery(request.text)} AND ${visibleSql(request.now, request.filter)}`;
}

/**
 * The walk, as the CTEs span and walk; `guard` lets the statement skip it. Each step reads one
 * bucket through the index: a day ("each word tagged with the day's month, and the day's
 * marker": the same articles as "these words and the day's marker", whose words' own posting
 * lists are the whole index's), for at least SEARCH_WALK_DAYS days and for up to a month while
 * the days are full enough that a month would overshoot the window, then months ("each word
 * tagged with the month"). A month read after days leaves out those days ("before", the start
 * of the oldest day read). A month step reads at most SEARCH_WINDOW + 1 matches before ranking
 * them: more, and it ranks none, and the walk reads that month again by days ("dense").
 */
function walkSql(request: SearchRequest, window: number, guard: Sql.Sql): Sql.Sql {
  const visible = visibleSql(request.now, request.filter);
  const days = num(SEARCH_WALK_DAYS);
  const dayStart = (day: Sql.Sql) => Sql.sql`to_timestamp((${day}) * 86400)`;
  const monthStart = (month: Sql.Sql) => Sql.sql`make_timestamptz(((${month}) / 12)::int, ((${month}) % 12 + 1)::int, 1, 0, 0, 0, 'UTC')`;
  return Sql.sql`span AS (
      SELECT "search_day"(newest) AS newest_day, "search_day"(oldest) AS oldest_day, "search_month"(oldest) AS oldest_month
      FROM (SELECT max(a."publishedAt") AS newest, min(a."publishedAt") AS oldest FROM "Article" a WHERE ${visible}) bounds
      WHERE ${guard} AND newest IS NOT NULL
    ),
    walk (step, mode, bucket, before, dense, total, ids, dates, scores) AS (
      SELECT 0, 'd', newest_day + 1, ${dayStart(Sql.sql`newest_day + 1`)}, -1::bigint, 0::bigint, '{}'::int[], '{}'::timestamptz[], '{}'::float8[]
      FROM span
      UNION ALL
      SELECT w.step + 1, next.mode,
             CASE WHEN found.overfull THEN next.bucket + 1 ELSE next.bucket END,
             next.before,
             CASE WHEN found.overfull THEN next.bucket ELSE next.dense END,
             w.total + cardinality(found.ids), found.ids, found.dates, found.scores
      FROM walk w CROSS JOIN span s
      CROSS JOIN LATERAL (
        -- The month a month step would read next, and the day a day step would (the newest
        -- day not read yet).
        SELECT CASE WHEN w.mode = 'd' THEN "search_month"(${dayStart(Sql.sql`w.bucket - 1`)}) ELSE w.bucket - 1 END AS month,
               CASE WHEN w.mode = 'd' THEN w.bucket - 1
                    ELSE least("search_day"(${monthStart(Sql.sql`w.bucket`)}), "search_day"(w.before)) - 1 END AS day,
               w.mode = 'd' AND (w.step < ${days} OR (w.step < 31 AND w.total * 30 >= ${num(window)} * w.step)) AS days_full
        OFFSET 0
      ) prior
      CROSS JOIN LATERAL (
        SELECT CASE WHEN by_day THEN 'd' ELSE 'm' END AS mode,
               CASE WHEN by_day THEN prior.day ELSE prior.month END AS bucket,
               CASE WHEN by_day THEN ${dayStart(Sql.sql`prior.day`)} ELSE w.before END AS before,
               w.dense
        -- A month found to hold more than the window (w.dense) is read by days.
        FROM (SELECT prior.days_full OR prior.month = w.dense AS by_day) d
      ) next
      CROSS JOIN LATERAL (
        SELECT ((SELECT string_agg(format('%L', word || '@m' || month.number), ' & ') FROM unnest(q.words) AS word)
                || CASE WHEN next.mode = 'd' THEN format(' & %L', '#d' || next.bucket) ELSE '' END)::tsquery AS query
        FROM q CROSS JOIN LATERAL (
          SELECT CASE WHEN next.mode = 'd' THEN "search_month"(${dayStart(Sql.sql`next.bucket`)}) ELSE next.bucket END AS number
        ) month
      ) bucket
      CROSS JOIN LATERAL (
        -- The bucket's matches, unranked: a month's only up to one more than the window.
        SELECT coalesce(array_agg(m.id), '{}') AS ids,
               coalesce(array_agg(m."publishedAt"), '{}') AS dates,
               coalesce(array_agg(m."searchRank"), '{}') AS ranks,
               next.mode = 'm' AND count(*) > ${num(window)} AS overfull
        FROM (SELECT a.id, a."publishedAt", a."searchRank" FROM "Article" a
               WHERE a."searchVector" @@ bucket.query
                 AND ${visible}
                 AND (next.mode = 'd' OR a."publishedAt" < next.before)
               LIMIT CASE WHEN next.mode = 'm' THEN ${num(window + 1)} END) m
        OFFSET 0
      ) matched
      CROSS JOIN LATERAL (
        -- Ranked, unless the month holds more than the window: then nothing, and the step
        -- after reads that month by days (bucket and dense above).
        SELECT matched.overfull,
               coalesce(array_agg(a.id), '{}') AS ids,
               coalesce(array_agg(a."publishedAt"), '{}') AS dates,
               coalesce(array_agg(${scoreSql(request.reference)}), '{}') AS scores
        FROM q CROSS JOIN unnest(matched.ids, matched.dates, matched.ranks) AS a(id, "publishedAt", "searchRank")
        WHERE NOT matched.overfull
      ) found
      WHERE w.total < ${num(window)}
        AND CASE WHEN next.mode = 'd' THEN next.bucket >= s.oldest_day ELSE next.bucket >= s.oldest_month END
    )`;
}

const walkHits = Sql.sql`SELECT u.id, u."publishedAt", u.score
      FROM walk CROSS JOIN LATERAL unnest(walk.ids, walk.dates, walk.scores) AS u(id, "publishedAt", score)`;

/** The CTEs that end in hit (id, "publishedAt", score): the candidates, by the strategy described at the top. */
function candidatesSql(request: SearchRequest, strategy: SearchStrategy, window: number): Sql.Sql {
  switch (strategy) {
    case 'filtered': {
      const conditions = Sql.join(
        [
          Sql.sql`a."searchVector" @@ ${foldedQuery(request.text)}`,
          visibleSql(request.now, request.filter),
          ...relationFilterSql(request.filter),
        ],
        ' AND ',
      );
      return Sql.sql`hit AS (
        SELECT a.id, a."publishedAt", ${scoreSql(request.reference)} AS score
        FROM (SELECT a.id FROM "Article" a WHERE ${conditions}
              ORDER BY a."publishedAt" DESC, a.id DESC LIMIT ${num(window)}) newest
        JOIN "Article" a ON a.id = newest.id CROSS JOIN q
      )`;
    }
    case 'all':
      return Sql.sql`hit AS (${allSql(request, Sql.sql`true`)})`;
    case 'walk':
      return Sql.sql`${walkSql(request, window, Sql.sql`true`)}, hit AS (${walkHits})`;
    case 'auto':
      // One statement whatever the path: each part is guarded, and a guarded part whose
      // guard is false is never run (a one-time filter in the plan).
      return Sql.sql`small AS (SELECT coalesce(max(id), 0) <= ${num(SMALL_CORPUS)} AS yes FROM "Article"),
      ${probeGuardSql(request.text)},
      probe AS MATERIALIZED (
        SELECT a.id, a."publishedAt" FROM "Article" a
        WHERE ((SELECT yes FROM small) OR (SELECT yes FROM rare)) AND a."searchVector" @@ ${foldedQuery(request.text)}
          AND ${visibleSql(request.now, request.filter)}
        LIMIT (CASE WHEN (SELECT yes FROM small) THEN NULL ELSE ${num(PROBE_LIMIT + 1)} END)
      ),
      overflow AS (
        SELECT NOT (SELECT yes FROM small) AND (NOT (SELECT yes FROM rare) OR count(*) > ${num(PROBE_LIMIT)}) AS yes FROM probe
      ),
      ${walkSql(request, window, Sql.sql`(SELECT yes FROM overflow)`)},
      hit AS (
        SELECT a.id, a."publishedAt", ${scoreSql(request.reference)} AS score
        FROM (SELECT p.id FROM probe p WHERE NOT (SELECT yes FROM overflow)
              ORDER BY p."publishedAt" DESC, p.id DESC
              LIMIT (CASE WHEN (SELECT yes FROM small) THEN NULL ELSE ${num(window)} END)) newest
        JOIN "Article" a ON a.id = newest.id CROSS JOIN q
        UNION ALL
        ${walkHits}
      )`;
  }
}

/**
 * Whether the query's matches are few enough to read at once: its rarest word is in at most
 * PROBE_LIMIT articles by the planner's statistics (pg_stats, kept by ANALYZE), so it has at
 * most that many matches. A word missing from the statistics counts as being in as many
 * articles as the least common word they list; with no statistics at all (a fresh database)
 * every word counts as rare. The probe checks: more than PROBE_LIMIT matches means the walk.
 */
function probeGuardSql(text: string): Sql.Sql {
  return Sql.sql`stats AS (
      SELECT e.elem, e.freq
      FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(elem, freq)
      WHERE s.schemaname = current_schema() AND s.tablename = 'Article' AND s.attname = 'searchVector' AND e.elem IS NOT NULL
    ),
    rare AS (
      SELECT coalesce(min(coalesce(stats.freq, (SELECT min(freq) FROM stats))), 0)
               * greatest((SELECT reltuples FROM pg_class WHERE oid = '"Article"'::regclass), 0) <= ${num(PROBE_LIMIT)} AS yes
      FROM unnest(tsvector_to_array(to_tsvector('simple', "search_fold"(${text})))) AS word
      LEFT JOIN stats ON stats.elem = word
    )`;
}

/**
 * The statement's estimated cost grows with the corpus (the walk's steps are costed as if each
 * read a share of the table: ~4,600 at 10k articles, ~415,000 at 1M), past jit_above_cost
 * (100,000 by default), where PostgreSQL would spend 50-150 ms compiling expressions for a
 * statement that then runs in 10-30 ms: the gateway's connections have JIT off
 * (src/db/database.ts).
 */
export async function searchArticles(prisma: DatabaseClient, request: SearchRequest): Promise<SearchRow[]> {
  return prisma.$queryRaw<SearchRow[]>(searchSql(request));
}

/** The search statement (exported for EXPLAIN in bench/search.ts). */
export function searchSql(request: SearchRequest): Sql.Sql {
  const window = request.window ?? SEARCH_WINDOW;
  const strategy = request.strategy ?? (relationFilterSql(request.filter).length > 0 ? 'filtered' : 'auto');
  const after = request.after
    ? Sql.sql`WHERE (h.score, h."publishedAt", h.id) < (${request.after.score}::float8, ${request.after.publishedAt}::timestamptz, ${request.after.id}::int)`
    : Sql.empty;
  return Sql.sql`${Sql.raw(PLAN_WITH_VALUES)}
    WITH RECURSIVE ${querySql(request.text)},
    ${candidatesSql(request, strategy, window)},
    page AS (
      SELECT h.id, h."publishedAt", h.score FROM hit h
      ${after}
      ORDER BY h.score DESC, h."publishedAt" DESC, h.id DESC
      LIMIT ${request.limit}
    )
    SELECT p.id, p."publishedAt", p.score, a.title, a.lead, a.body
    FROM page p JOIN "Article" a ON a.id = p.id
    ORDER BY p.score DESC, p."publishedAt" DESC, p.id DESC`;
}

/**
 * How many visible articles match (not limited to the ranking window), up to COUNT_CAP + 1:
 * the statement stops there, so a query matching most of a million articles costs about what
 * one matching 10,000 does.
 */
export async function countSearchHits(
  prisma: DatabaseClient,
  request: Pick<SearchRequest, 'text' | 'filter' | 'now'>,
): Promise<BoundedCount> {
  const conditions = Sql.join(
    [
      Sql.sql`a."searchVector" @@ ${foldedQuery(request.text)}`,
      visibleSql(request.now, request.filter),
      ...relationFilterSql(request.filter),
    ],
    ' AND ',
  );
  const rows = await prisma.$queryRaw<
    { n: number }[]
  >`${Sql.raw(PLAN_WITH_VALUES)} SELECT count(*)::int AS n FROM (SELECT 1 FROM "Article" a WHERE ${conditions} LIMIT ${num(COUNT_CAP + 1)}) hit`;
  return capped(rows[0]?.n ?? 0);
}
