/**
 * A large benchmark database made in SQL (issue 15): the seed's own first `pool` articles
 * (`npm run seed`, 10,000 by default: byte for byte bench_10k's corpus), then every further
 * article copied in bulk from one of them by INSERT … SELECT over generate_series, with its
 * own id, slug, status and publication time drawn deterministically from its number. The
 * row-by-row seed takes 47 min for 1M articles; most of that is JavaScript generating text
 * and one round trip per batch, not PostgreSQL.
 *
 * What stays real: every article goes through the schema's own row triggers (the search
 * document, each tag row's visibleAt) as the application's writes do; the GIN and secondary
 * B-tree indexes are dropped during the load and rebuilt from their own definitions
 * (pg_get_indexdef), which builds the same index faster than 1M incremental inserts; the
 * per-statement counter triggers of Article (PublishedCount) are off while two connections
 * insert at once (their upserts of the same counter rows would deadlock) and the counters are
 * added afterwards with the schema's own functions; ArticleTag rows are inserted by one
 * connection with their counter triggers on. Every counter is then checked against a
 * recount. Titles repeat every `pool` articles (slugs get the article's id), which a
 * search for a headline sees as 100 hits at 1M; the dates, statuses and ids do not.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/** Bump when the SQL below changes what a database holds. */
export const BULK_VERSION = 2;
export const DEFAULT_POOL = 10_000;
export const DRAFT_PERCENT = 3;
export const FINGERPRINT_PREFIX = 'bench-bulk ';

export interface BulkPlan {
  articles: number;
  pool: number;
  /** The seed's corpus seed (npm run seed --seed); also mixed into the SQL draws. */
  seed: number;
}

/**
 * What a cached database must have been made from to be reused: the plan, this generator's
 * version and the text of the seed's generator (src/seed/*.ts), which makes the pool. The
 * schema's migrations are not in it: `npm run migrate` brings an existing database forward,
 * as for the seeded sizes.
 */
export function fingerprint(plan: BulkPlan, seedSources: string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ v: BULK_VERSION, articles: plan.articles, pool: plan.pool, seed: plan.seed }));
  for (const source of seedSources) hash.update('\0').update(source);
  return hash.digest('hex').slice(0, 16);
}

export function seedSources(tree: string): string[] {
  const dir = path.join(tree, 'src/seed');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => `${f}\n${readFileSync(path.join(dir, f), 'utf8')}`);
}

/** The ranges of article numbers (1-based, past the pool) each INSERT covers. */
export function chunks(from: number, to: number, size: number): [number, number][] {
  if (size < 1) throw new RangeError('chunk size must be positive');
  const out: [number, number][] = [];
  for (let lo = from; lo <= to; lo += size) out.push([lo, Math.min(to, lo + size - 1)]);
  return out;
}

/**
 * A draw in [0, 2^32) from an article number, the same on any PostgreSQL (bigint arithmetic
 * that never overflows): a multiplicative hash of the number mixed with the seed and a salt
 * per draw, then a murmur-style finalizer so that low bits are as random as high ones. The
 * TypeScript twin is tested against the SQL on a real database.
 */
const saltOf = (seed: number, salt: number) => (seed * 40503 + salt * 977) % 4294967296;
export const drawSql = (n: string, seed: number, salt: number) => {
  const h1 = `(((${n})::bigint * 2654435761 + ${saltOf(seed, salt)}) % 4294967296)`;
  const h2 = `((((${h1}) # ((${h1}) >> 16)) * 2146121005) % 4294967296)`;
  return `((${h2}) # ((${h2}) >> 15))`;
};
export const draw = (n: number, seed: number, salt: number): number => {
  const m = 4294967296n;
  const h1 = (BigInt(n) * 2654435761n + BigInt(saltOf(seed, salt))) % m;
  const h2 = ((h1 ^ (h1 >> 16n)) * 2146121005n) % m;
  return Number(h2 ^ (h2 >> 15n));
};

/** The seed's newsroom days: 2021-01-01 to 2025-12-31 in Asia/Ho_Chi_Minh (+07, no DST). */
const FIRST_DAY = `'2021-01-01 00:00:00+07'::timestamptz`;
const DAYS = 1826;

/** The pool's words, once: each article's searchVector without its month-tagged words and day marker. */
export const WORDS_TABLE = '_bench_bulk_words';
export const wordsTableSql = (pool: number) => `
CREATE UNLOGGED TABLE "${WORDS_TABLE}" AS
SELECT p.id, array_to_tsvector(x.lexemes) AS words, x.lexemes
FROM "Article" p
CROSS JOIN LATERAL (SELECT ARRAY(SELECT l FROM unnest(tsvector_to_array(p."searchVector")) AS l WHERE l !~ '[@#]') AS lexemes) x
WHERE p.id <= ${pool}`;

/**
 * Article number n (pool + 1 … articles) copied from pool article ((n - 1) % pool) + 1, with
 * its derived search columns written as article_search_document() writes them (that trigger
 * is off for these statements: recomputing the same text's document a hundred times is most
 * of the cost). searchRank depends on the text alone, so it is the pool article's; searchVector
 * is the text's words plus, while PUBLISHED, each word tagged with the month and the day
 * marker. checkSearchDocuments() then lets the trigger recompute a sample and compares.
 */
export function articleInsertSql(plan: BulkPlan): string {
  const { pool, seed } = plan;
  const d = (salt: number) => drawSql('n', seed, salt);
  return `
INSERT INTO "Article" (id, slug, title, lead, body, dateline, status, "publishedAt", "createdAt", "updatedAt", version,
                       "authorId", "categoryId", "searchVector", "searchRank")
SELECT n, p.slug || '-' || n, p.title, p.lead, p.body, p.dateline, x.status, x.published,
       coalesce(x.published, x.updated), x.updated, 1, p."authorId", p."categoryId",
       CASE WHEN x.status = 'PUBLISHED' AND cardinality(w.lexemes) > 0 THEN
         -- every word with the month appended ("yen@m24290"), joined and split as one string
         w.words
         || array_to_tsvector(string_to_array(array_to_string(w.lexemes, x.month || ' ') || x.month, ' '))
         || array_to_tsvector(ARRAY['#d' || "search_day"(x.published)])
       WHEN x.status = 'PUBLISHED' THEN array_to_tsvector(ARRAY['#d' || "search_day"(x.published)])
       ELSE w.words END,
       p."searchRank"
FROM generate_series($1::int, $2::int) AS n
JOIN "Article" p ON p.id = ((n - 1) % ${pool}) + 1
JOIN "${WORDS_TABLE}" w ON w.id = p.id
CROSS JOIN LATERAL (
  SELECT CASE WHEN ${d(1)} % 100 < ${DRAFT_PERCENT} THEN 'DRAFT' ELSE 'PUBLISHED' END::"ArticleStatus" AS status,
         ${FIRST_DAY} + make_interval(days => (${d(2)} % ${DAYS})::int, secs => (6 * 3600 + ${d(3)} % (16 * 3600))::int) AS t
) s
CROSS JOIN LATERAL (
  SELECT s.status,
         CASE WHEN s.status = 'PUBLISHED' THEN s.t END AS published,
         '@m' || "search_month"(s.t) AS month,
         -- the pool article's revision delay (0 or minutes), so ~30 % were revised as the seed's
         s.t + coalesce(p."updatedAt" - p."publishedAt", interval '0') AS updated
) x`;
}

/**
 * Lets article_search_document() recompute the search columns of a sample of the copies
 * (UPDATE … SET title = title fires it and changes nothing else) and throws if any differs
 * from what articleInsertSql wrote: a changed trigger must not leave a database that is
 * silently unlike what the application writes.
 */
export async function checkSearchDocuments(client: pg.Client, plan: BulkPlan, sample = 500) {
  const step = Math.max(1, Math.floor((plan.articles - plan.pool) / sample));
  await client.query(
    `CREATE TEMP TABLE bulk_check AS SELECT id, "searchVector" AS v, "searchRank" AS r FROM "Article" WHERE id > $1 AND (id - $1) % $2 = 0`,
    [plan.pool, step],
  );
  await client.query(`UPDATE "Article" a SET title = a.title FROM bulk_check c WHERE a.id = c.id`);
  const { rows } = await client.query(
    `SELECT count(*)::int AS checked, count(*) FILTER (WHERE a."searchVector" IS DISTINCT FROM c.v OR a."searchRank" IS DISTINCT FROM c.r)::int AS differ,
            min(a.id) FILTER (WHERE a."searchVector" IS DISTINCT FROM c.v OR a."searchRank" IS DISTINCT FROM c.r) AS first
       FROM "Article" a JOIN bulk_check c ON c.id = a.id`,
  );
  await client.query('DROP TABLE bulk_check');
  if (rows[0].differ > 0)
    throw new Error(
      `${rows[0].differ} of ${rows[0].checked} copied articles have search columns unlike what article_search_document() writes (first: id ${rows[0].first}); update bench/bulk.ts to the trigger`,
    );
  return rows[0].checked as number;
}

export const tagInsertSql = (pool: number) => `
INSERT INTO "ArticleTag" ("articleId", "tagId", position)
SELECT n, t."tagId", t.position
FROM generate_series($1::int, $2::int) AS n
JOIN "ArticleTag" t ON t."articleId" = ((n - 1) % ${pool}) + 1`;

export const imageInsertSql = (pool: number) => `
INSERT INTO "ArticleImage" ("articleId", src, caption, alt, width, height, position)
SELECT n, i.src, i.caption, i.alt, i.width, i.height, i.position
FROM generate_series($1::int, $2::int) AS n
JOIN "ArticleImage" i ON i."articleId" = ((n - 1) % ${pool}) + 1
ORDER BY n, i.position`;

/**
 * Triggers of Article off while copies are inserted: the statement-level counter (two inserting
 * connections would deadlock on the same counter rows; added afterwards) and the search
 * document (written by the INSERT itself, then checked). Every other trigger runs.
 */
const TRIGGERS_OFF = ['published_count_added', 'article_search_document'];

export interface BulkProgress {
  (message: string): void;
}

/**
 * Fills a database that holds exactly the seed's first `plan.pool` articles (ids 1…pool) up
 * to `plan.articles`. Returns the seconds each phase took.
 */
export async function fillInBulk(url: string, plan: BulkPlan, log: BulkProgress, workers = 2, chunkSize = 10_000) {
  const timings: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T>) => {
    const start = Date.now();
    const result = await work();
    timings[phase] = (Date.now() - start) / 1000;
    log(`${phase}: ${timings[phase]!.toFixed(0)} s`);
    return result;
  };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`SET statement_timeout = 0; SET jit = off`);
    const { rows } = await admin.query('SELECT count(*)::int AS n, min(id) AS lo, max(id) AS hi FROM "Article"');
    if (rows[0].n !== plan.pool || rows[0].lo !== 1 || rows[0].hi !== plan.pool)
      throw new Error(`the pool must be articles 1…${plan.pool}; found ${rows[0].n} (ids ${rows[0].lo}…${rows[0].hi})`);
    if (plan.articles <= plan.pool) return timings;

    // Secondary indexes of the three tables, dropped now and rebuilt from their definitions.
    const indexes = (
      await admin.query<{ name: string; def: string }>(
        `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
          WHERE t.relname IN ('Article', 'ArticleTag', 'ArticleImage') AND t.relnamespace = 'public'::regnamespace
            AND NOT x.indisprimary AND NOT x.indisunique`,
      )
    ).rows;
    for (const { name } of indexes) await admin.query(`DROP INDEX "${name}"`);
    for (const trigger of TRIGGERS_OFF) await admin.query(`ALTER TABLE "Article" DISABLE TRIGGER ${trigger}`);
    await admin.query(`DROP TABLE IF EXISTS "${WORDS_TABLE}"`);
    await admin.query(wordsTableSql(plan.pool));
    await admin.query(`ALTER TABLE "${WORDS_TABLE}" ADD PRIMARY KEY (id)`);

    const ranges = chunks(plan.pool + 1, plan.articles, chunkSize);
    const articleSql = articleInsertSql(plan);
    await timed(`articles ${plan.pool + 1}…${plan.articles} (${workers} connections)`, async () => {
      let next = 0;
      let done = 0;
      const started = Date.now();
      const worker = async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          // JIT compiles each INSERT's expressions anew: ~0.6 s a statement, for nothing here.
          await client.query(`SET statement_timeout = 0; SET jit = off`);
          for (let i = next++; i < ranges.length; i = next++) {
            await client.query(articleSql, ranges[i]);
            done += ranges[i]![1] - ranges[i]![0] + 1;
            if (i % 10 === 9 || i === ranges.length - 1)
              log(`  ${done + plan.pool} articles (${Math.round(done / ((Date.now() - started) / 1000))}/s)`);
          }
        } finally {
          await client.end();
        }
      };
      await Promise.all(Array.from({ length: workers }, worker));
    });
    for (const trigger of TRIGGERS_OFF) await admin.query(`ALTER TABLE "Article" ENABLE TRIGGER ${trigger}`);
    await admin.query(`DROP TABLE "${WORDS_TABLE}"`);
    await timed('counters of the new articles (published_count_rows, as the trigger adds them)', () =>
      admin.query(
        `INSERT INTO "PublishedCount" (scope, key, count)
         SELECT r.scope, r.key, sum(r.n)::int FROM "Article" a
          CROSS JOIN LATERAL "published_count_rows"("article_visible_from"(a.status, a."publishedAt"), a."categoryId", a."authorId", 1) r
          WHERE a.id > $1 GROUP BY r.scope, r.key
         ON CONFLICT (scope, key) DO UPDATE SET count = "PublishedCount".count + EXCLUDED.count`,
        [plan.pool],
      ),
    );
    await timed('tags (visibleAt and Tag.articleCount by their triggers)', async () => {
      for (const range of chunks(plan.pool + 1, plan.articles, 100_000)) await admin.query(tagInsertSql(plan.pool), range);
    });
    await timed('images', async () => {
      for (const range of chunks(plan.pool + 1, plan.articles, 100_000)) await admin.query(imageInsertSql(plan.pool), range);
    });
    await timed(`${indexes.length} indexes rebuilt`, async () => {
      await admin.query(`SET maintenance_work_mem = '512MB'`);
      for (const { def } of indexes) await admin.query(def);
    });
    await admin.query(`SELECT setval(pg_get_serial_sequence('"Article"', 'id'), $1)`, [plan.articles]);
    await timed('VACUUM ANALYZE', () => admin.query('VACUUM ANALYZE'));
    await timed('counters checked against a recount', () => checkCounters(admin));
    await timed('search columns of a sample checked against the trigger', () => checkSearchDocuments(admin, plan));
    return timings;
  } finally {
    for (const trigger of TRIGGERS_OFF) await admin.query(`ALTER TABLE "Article" ENABLE TRIGGER ${trigger}`).catch(() => undefined);
    await admin.end();
  }
}

/** Throws unless every maintained counter equals a recount (what the triggers keep). */
export async function checkCounters(client: pg.Client) {
  const tags = await client.query(
    `SELECT t.slug, t."articleCount", (SELECT count(*) FROM "ArticleTag" x WHERE x."tagId" = t.id AND x."visibleAt" IS NOT NULL)::int AS recount
       FROM "Tag" t`,
  );
  const wrongTags = tags.rows.filter((r) => r.articleCount !== r.recount);
  const counts = await client.query(
    `WITH recount AS (
       SELECT r.scope, r.key, sum(r.n)::int AS n FROM "Article" a
        CROSS JOIN LATERAL "published_count_rows"("article_visible_from"(a.status, a."publishedAt"), a."categoryId", a."authorId", 1) r
        GROUP BY r.scope, r.key)
     SELECT coalesce(c.scope, r.scope) AS scope, coalesce(c.key, r.key) AS key, c.count, r.n
       FROM "PublishedCount" c FULL JOIN recount r ON r.scope = c.scope AND r.key = c.key
      WHERE coalesce(c.count, 0) <> coalesce(r.n, 0)`,
  );
  if (wrongTags.length || counts.rowCount)
    throw new Error(
      `counters disagree with a recount: tags ${JSON.stringify(wrongTags.slice(0, 3))}, PublishedCount ${JSON.stringify(counts.rows.slice(0, 3))}`,
    );
}

/** The fingerprint a database was made with (COMMENT ON DATABASE), or null. */
export async function readFingerprint(client: pg.Client, database: string): Promise<string | null> {
  const { rows } = await client.query(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [
    database,
  ]);
  const comment: string | null = rows[0]?.comment ?? null;
  return comment?.startsWith(FINGERPRINT_PREFIX) ? comment.slice(FINGERPRINT_PREFIX.length) : null;
}

export const writeFingerprint = (client: pg.Client, database: string, value: string) =>
  client.query(`COMMENT ON DATABASE "${database}" IS '${FINGERPRINT_PREFIX}${value.replace(/'/g, '')}'`);
