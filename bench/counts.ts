/**
 * The cost of each count shape (issue 13 item 2): every `totalCount` field, asked alone, one
 * request at a time through the gateway in process; the median and worst wall time of 30,
 * and the SQL statements each issues. Beside it, what the former exact count(*) of the same
 * set costs on the same database.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_10k npx tsx bench/counts.ts
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createGateway } from '../src/server/yoga.js';
import { createArticleEventBus } from '../src/events/article-events.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a seeded PostgreSQL database');
const client = new pg.Client({ connectionString: url });
await client.connect();
const one = async (sql: string) => (await client.query(sql)).rows[0];
const tag = (await one('SELECT slug FROM "Tag" ORDER BY "articleCount" DESC LIMIT 1')).slug;
const section = (
  await one(
    'SELECT c.slug FROM "Category" c WHERE c."parentId" IS NULL ORDER BY (SELECT count(*) FROM "Article" a WHERE a."categoryId" = c.id) DESC LIMIT 1',
  )
).slug;
const author = (
  await one('SELECT u.slug FROM "Author" u ORDER BY (SELECT count(*) FROM "Article" a WHERE a."authorId" = u.id) DESC LIMIT 1')
).slug;
const day = (
  await one(
    `SELECT to_char(("publishedAt" AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD') AS d FROM "Article" WHERE status = 'PUBLISHED' ORDER BY "publishedAt" DESC LIMIT 1`,
  )
).d;

const shapes: [string, string, string][] = [
  [
    'articles (counter)',
    '{ articles { totalCount totalCountIsExact } }',
    `SELECT count(*) FROM "Article" WHERE status = 'PUBLISHED' AND "publishedAt" <= now()`,
  ],
  [
    `tag "${tag}" (counter)`,
    `{ tag(slug: "${tag}") { articles { totalCount totalCountIsExact } } }`,
    `SELECT count(*) FROM "Article" a JOIN "ArticleTag" x ON x."articleId" = a.id JOIN "Tag" t ON t.id = x."tagId" WHERE t.slug = '${tag}' AND a.status = 'PUBLISHED' AND a."publishedAt" <= now()`,
  ],
  [
    `section "${section}" (counters)`,
    `{ category(slug: "${section}") { articles { totalCount totalCountIsExact } } }`,
    `SELECT count(*) FROM "Article" a JOIN "Category" c ON c.id = a."categoryId" LEFT JOIN "Category" p ON p.id = c."parentId" WHERE (c.slug = '${section}' OR p.slug = '${section}') AND a.status = 'PUBLISHED' AND a."publishedAt" <= now()`,
  ],
  [
    `author "${author}" (counter)`,
    `{ author(slug: "${author}") { articles { totalCount totalCountIsExact } } }`,
    `SELECT count(*) FROM "Article" a JOIN "Author" u ON u.id = a."authorId" WHERE u.slug = '${author}' AND a.status = 'PUBLISHED' AND a."publishedAt" <= now()`,
  ],
  [`articles(filter: { tag }) (capped)`, `{ articles(filter: { tag: "${tag}" }) { totalCount totalCountIsExact } }`, ''],
  [
    'search "yen bai" (capped)',
    '{ search(query: "yen bai") { totalCount totalCountIsExact } }',
    `SELECT count(*) FROM "Article" a WHERE a."searchVector" @@ plainto_tsquery('simple', search_fold('yen bai')) AND a.status = 'PUBLISHED' AND a."publishedAt" <= now()`,
  ],
  [`dailyArchive ${day} (capped)`, `{ dailyArchive(date: "${day}") { totalCount articles { totalCount totalCountIsExact } } }`, ''],
  ['tags (capped)', '{ tags { totalCount totalCountIsExact } }', ''],
  [
    'archiveCalendar (month)',
    `{ archiveCalendar(year: ${day.slice(0, 4)}, month: ${Number(day.slice(5, 7))}) { days { articleCount } } }`,
    '',
  ],
];

const db = await openDatabase({ url });
const gateway = createGateway({
  config: loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, RESPONSE_CACHE: 'off', RATE_LIMIT_PER_MINUTE: '0' }),
  db,
  events: createArticleEventBus(),
  redis: null,
});
const ask = async (query: string) => {
  const response = await gateway.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown };
};
console.log('| shape | answer | statements | median ms | max ms | former exact count(*) ms |');
console.log('|---|---|---|---|---|---|');
for (const [name, query, former] of shapes) {
  let statements = 0;
  const stop = db.onStatement(() => statements++);
  const answer = await ask(query);
  stop();
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    await ask(query);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  let formerMs = '';
  if (former) {
    const start = performance.now();
    for (let i = 0; i < 5; i++) await client.query(former);
    formerMs = ((performance.now() - start) / 5).toFixed(1);
  }
  const shown = JSON.stringify(answer.data ?? answer.errors)
    .replace(/\|/g, '/')
    .slice(0, 80);
  console.log(`| ${name} | \`${shown}\` | ${statements} | ${times[15]!.toFixed(1)} | ${times.at(-1)!.toFixed(1)} | ${formerMs} |`);
}
await client.end();
await db.close();
process.exit(0);
