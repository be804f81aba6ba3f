/**
 * How long search(query:) takes, on a PostgreSQL database filled by `npm run seed`:
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<db> npx tsx bench/search.ts [--runs 7] [--explain]
 *
 * ~50 varied queries (places, topics and half-remembered headlines, with and without
 * diacritics, common words and rare ones, a few with a filter), each run `--runs` times after
 * a warm-up. Prints, per query, its matches and the median of (a) the search statement alone
 * and (b) a whole results page over GraphQL (20 hits with score, snippet, title, url, time,
 * author, section); then the median and p90 of those per-query medians. `--explain` prints
 * EXPLAIN ANALYZE of the statement for a rare, a middling and a very common query. Run
 * `VACUUM ANALYZE "Article"` after seeding: the statement reads the planner's statistics.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrations.js';
import { countSearchHits, searchArticles, searchSql, SEARCH_WINDOW, type SearchFilter } from '../src/db/search.js';
import { Prisma as Sql } from '../src/generated/prisma/client.js';
import { parseSearchQuery } from '../src/domain/search-query.js';
import { createArticleEventBus } from '../src/events/article-events.js';
import { createGateway } from '../src/server/yoga.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, explain: { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a seeded PostgreSQL database');

const db = await openDatabase({ url, options: process.env.PGOPTIONS });
await applyMigrations(db.adapterFactory);
await db.prisma.$executeRawUnsafe('ANALYZE "Article"');

interface Case {
  query: string;
  filter?: SearchFilter & { category?: string };
}

const fixed: Case[] = [
  // Places, as readers type them and as editors do.
  { query: 'luc yen' },
  { query: 'Lục Yên' },
  { query: 'mu cang chai' },
  { query: 'Mù Cang Chải' },
  { query: 'yen bai' },
  { query: 'hồ Thác Bà' },
  { query: 'sa pa' },
  { query: 'Phú Quốc' },
  { query: 'dong van' },
  { query: 'Trạm Tấu' },
  { query: 'nghia lo' },
  { query: 'Bắc Hà' },
  // Topics.
  { query: 'dan van kheo' },
  { query: 'Dân vận khéo' },
  { query: 'nong thon moi' },
  { query: 'chuyển đổi số' },
  { query: 'gia vang' },
  { query: 'bão Yagi' },
  { query: 'COVID-19' },
  { query: 'sat lo dat' },
  { query: 'xòe Thái' },
  { query: 'tre mang bat do' },
  { query: 'OCOP' },
  { query: 'hien mau tinh nguyen' },
  { query: 'trí tuệ nhân tạo' },
  { query: 'an toan giao thong' },
  { query: 'giảm nghèo bền vững' },
  { query: 'khoi nghiep' },
  { query: 'cao tốc' },
  { query: 'ma tuy' },
  { query: 'lừa đảo trực tuyến' },
  { query: 'bong da nu' },
  { query: 'U23 Việt Nam' },
  { query: 'du lich cong dong' },
  { query: 'hoc sinh gioi' },
  { query: 'thu ngân sách' },
  // Words in nearly every article.
  { query: 'tinh' },
  { query: 'phát triển' },
  { query: 'nam 2024' },
  // The reference headline, half-remembered.
  { query: 'lục yên 400 mô hình dân vận khéo' },
  // With a filter.
  { query: 'nong thon moi', filter: { category: 'nong-nghiep' } },
  {
    query: 'yen bai',
    filter: { publishedFrom: new Date('2024-01-01T00:00:00+07:00'), publishedTo: new Date('2024-04-01T00:00:00+07:00') },
  },
];

// Half-remembered headlines: five words from the middle of titles at fixed positions, typed
// without diacritics.
const total = await db.prisma.article.count({ where: { status: 'PUBLISHED' } });
const headlines: Case[] = [];
for (let i = 1; i <= 8; i++) {
  const [row] = await db.prisma.article.findMany({
    where: { status: 'PUBLISHED' },
    orderBy: { id: 'asc' },
    skip: Math.floor((i * total) / 9),
    take: 1,
    select: { title: true },
  });
  const parsed = row && parseSearchQuery(row.title);
  if (parsed && parsed.ok) headlines.push({ query: parsed.folded.slice(1, 6).join(' ') });
}
const cases = [...fixed, ...headlines];

// No response cache: every request runs the search.
const config = loadConfig({ DATABASE_URL: url, NODE_ENV: 'production', RESPONSE_CACHE: 'false' });
const gateway = createGateway({ config, db, events: createArticleEventBus() });
const resultsPage = `query($q: String!, $filter: ArticleFilter) { search(query: $q, first: 20, filter: $filter) {
  pageInfo { hasNextPage endCursor }
  edges { score snippet node { title url publishedAtText author { name } category { name } } }
} }`;

async function graphql(item: Case) {
  const response = await gateway.fetch('http://bench.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: resultsPage, variables: { q: item.query, filter: item.filter } }),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (body.errors) throw new Error(`${item.query}: ${JSON.stringify(body.errors)}`);
}

function statement(item: Case) {
  const parsed = parseSearchQuery(item.query);
  if (!parsed.ok) throw new Error(parsed.message);
  const now = new Date();
  return () => searchArticles(db.prisma, { text: parsed.text, filter: item.filter, now, reference: now, limit: 21 });
}

async function median(work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return quantile(times, 0.5);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  return sorted[low]! + (sorted[Math.ceil(position)]! - sorted[low]!) * (position - low);
}

console.log(
  `${total} published articles in ${new URL(url).pathname.slice(1)}; ranking window ${SEARCH_WINDOW}; ${runs} runs per query after a warm-up\n`,
);
console.log(`${'query'.padEnd(46)} ${'matches'.padStart(8)} ${'statement'.padStart(10)} ${'page'.padStart(9)}`);
const statementMedians: number[] = [];
const pageMedians: number[] = [];
for (const item of cases) {
  const parsed = parseSearchQuery(item.query);
  if (!parsed.ok) throw new Error(parsed.message);
  const matches = await countSearchHits(db.prisma, { text: parsed.text, filter: item.filter, now: new Date() });
  const s = await median(statement(item));
  const p = await median(() => graphql(item));
  statementMedians.push(s);
  pageMedians.push(p);
  const label = item.filter ? `${item.query} + ${Object.keys(item.filter).join(',')}` : item.query;
  console.log(
    `${label.slice(0, 46).padEnd(46)} ${String(matches).padStart(8)} ${s.toFixed(1).padStart(7)} ms ${p.toFixed(1).padStart(6)} ms`,
  );
}
console.log(
  `\n${cases.length} queries: search statement median ${quantile(statementMedians, 0.5).toFixed(1)} ms, p90 ${quantile(statementMedians, 0.9).toFixed(1)} ms, max ${Math.max(...statementMedians).toFixed(1)} ms`,
);
console.log(
  `${' '.repeat(String(cases.length).length + 10)}GraphQL page median ${quantile(pageMedians, 0.5).toFixed(1)} ms, p90 ${quantile(pageMedians, 0.9).toFixed(1)} ms, max ${Math.max(...pageMedians).toFixed(1)} ms`,
);

if (values.explain) {
  // The statement exactly as the gateway sends it, through the same client.
  for (const query of ['xòe Thái', 'mu cang chai', 'tinh']) {
    const parsed = parseSearchQuery(query);
    if (!parsed.ok) continue;
    const now = new Date();
    // Through the gateway's own connections (JIT off); COSTS ON, so that a JIT section would show.
    const plan = await db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(
      Sql.sql`EXPLAIN (ANALYZE, BUFFERS) ${searchSql({ text: parsed.text, now, reference: now, limit: 21 })}`,
    );
    console.log(`\nEXPLAIN ANALYZE — "${query}"\n${plan.map((row) => row['QUERY PLAN']).join('\n')}`);
  }
}

await db.close();
