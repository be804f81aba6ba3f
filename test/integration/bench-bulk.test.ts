/**
 * bench/bulk.ts on the real PostgreSQL: a pool written by the seed's own code, copied in SQL
 * to a larger corpus. What the application's triggers keep (tag and published counters, each
 * tag row's visibleAt, the search columns) must hold for the copies as for written articles,
 * and the indexes dropped for the load must come back as they were.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCounters, checkSearchDocuments, draw, drawSql, fillInBulk } from '../../bench/bulk.js';
import { writeArticles } from '../../src/content/write-articles.js';
import { generateCorpus } from '../../src/seed/synthetic.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

const POOL = 40;
const ARTICLES = 400;
const SEED = 7;

describe('a benchmark corpus made in bulk [postgres]', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let indexesBefore: string[];
  const indexes = async () =>
    (await client.query(`SELECT indexname || ': ' || indexdef AS i FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`)).rows.map(
      (r) => r.i as string,
    );

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    await writeArticles(db.prisma, [...generateCorpus({ articles: POOL, seed: SEED })]);
    client = new pg.Client({ connectionString: db.url! });
    await client.connect();
    indexesBefore = await indexes();
    await fillInBulk(db.url!, { articles: ARTICLES, pool: POOL, seed: SEED }, () => undefined, 2, 50);
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('holds every article, each copy with its own slug and id, the sequence past them', async () => {
    const { rows } = await client.query(`SELECT count(*)::int AS n, count(DISTINCT slug)::int AS slugs, max(id) AS max FROM "Article"`);
    expect(rows[0]).toEqual({ n: ARTICLES, slugs: ARTICLES, max: ARTICLES });
    const next = await client.query(`SELECT nextval(pg_get_serial_sequence('"Article"', 'id'))::int AS id`);
    expect(next.rows[0].id).toBe(ARTICLES + 1);
  });

  it('copies the text, tags and images of pool article ((n - 1) % pool) + 1', async () => {
    const { rows } = await client.query(
      `SELECT a.title = p.title AND a.body = p.body AS same_text,
              (SELECT array_agg("tagId" ORDER BY position) FROM "ArticleTag" WHERE "articleId" = a.id) IS NOT DISTINCT FROM
              (SELECT array_agg("tagId" ORDER BY position) FROM "ArticleTag" WHERE "articleId" = p.id) AS same_tags,
              (SELECT count(*) FROM "ArticleImage" WHERE "articleId" = a.id) = (SELECT count(*) FROM "ArticleImage" WHERE "articleId" = p.id) AS same_images
         FROM "Article" a JOIN "Article" p ON p.id = ((a.id - 1) % ${POOL}) + 1 WHERE a.id > ${POOL}`,
    );
    expect(rows).toHaveLength(ARTICLES - POOL);
    expect(rows.every((r) => r.same_text && r.same_tags && r.same_images)).toBe(true);
  });

  it('keeps the counters the triggers keep, and visibleAt on every tag row', async () => {
    await expect(checkCounters(client)).resolves.toBeUndefined();
    const { rows } = await client.query(
      `SELECT count(*)::int AS wrong FROM "ArticleTag" x JOIN "Article" a ON a.id = x."articleId"
        WHERE x."visibleAt" IS DISTINCT FROM CASE WHEN a.status = 'PUBLISHED' THEN a."publishedAt" END`,
    );
    expect(rows[0].wrong).toBe(0);
    const published = await client.query(`SELECT count(*)::int AS n FROM "Article" WHERE status = 'PUBLISHED'`);
    const counted = await client.query(`SELECT count FROM "PublishedCount" WHERE scope = 'all' AND key = 0`);
    expect(counted.rows[0].count).toBe(published.rows[0].n);
  });

  it('writes the search columns as article_search_document() does (the trigger recomputes a sample)', async () => {
    await expect(checkSearchDocuments(client, { articles: ARTICLES, pool: POOL, seed: SEED }, 1000)).resolves.toBe(ARTICLES - POOL);
  });

  it('notices a copy whose search columns differ from what the trigger writes', async () => {
    await client.query(`ALTER TABLE "Article" DISABLE TRIGGER article_search_document`);
    await client.query(`UPDATE "Article" SET "searchVector" = to_tsvector('simple', 'sai') WHERE id = ${ARTICLES}`);
    await client.query(`ALTER TABLE "Article" ENABLE TRIGGER article_search_document`);
    await expect(checkSearchDocuments(client, { articles: ARTICLES, pool: POOL, seed: SEED }, 1000)).rejects.toThrow(/unlike what/);
  });

  it('puts back every index it dropped for the load', async () => {
    expect(await indexes()).toEqual(indexesBefore);
    const leftovers = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE '_bench_bulk%'`);
    expect(leftovers.rows[0].n).toBe(0);
    const disabled = await client.query(
      `SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = '"Article"'::regclass AND tgenabled = 'D'`,
    );
    expect(disabled.rows[0].n).toBe(0);
  });

  it("draws in SQL what bench/bulk.ts's TypeScript twin draws", async () => {
    const numbers = [1, 41, 12_345, 999_999, 1_000_000];
    const { rows } = await client.query(`SELECT n, ${drawSql('n', 20240304, 3)} AS d FROM unnest($1::int[]) AS n`, [numbers]);
    expect(rows.map((r) => Number(r.d))).toEqual(numbers.map((n) => draw(n, 20240304, 3)));
  });
});
