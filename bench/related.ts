/**
 * How long ranking "other news" takes, on a PostgreSQL database filled by `npm run seed`:
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_10k npx tsx bench/related.ts [--explain]
 *
 * Prints medians (and p95) of: the ranking statement for one article, for a page of 20
 * articles at once, and a whole article page over GraphQL (article + author + tags +
 * 6 related articles with their authors), each over many randomly chosen published articles.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrations.js';
import { defaultRelatedWeights } from '../src/domain/related-ranking.js';
import { createArticleEventBus } from '../src/events/article-events.js';
import { findRelatedArticles } from './related-function.js';
import { createGateway } from '../src/server/yoga.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a seeded PostgreSQL database');

const db = await openDatabase({ url, options: process.env.PGOPTIONS });
await applyMigrations(db.adapterFactory);
await db.prisma.$executeRawUnsafe('ANALYZE');

// A fixed pseudo-random sample, so two runs measure the same articles.
let state = 20240304;
const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const total = await db.prisma.article.count({ where: { status: 'PUBLISHED' } });
const ids: { id: number; slug: string }[] = [];
for (let i = 0; i < 300; i++) {
  const [row] = await db.prisma.article.findMany({
    where: { status: 'PUBLISHED' },
    orderBy: { id: 'asc' },
    skip: Math.floor(random() * total),
    take: 1,
    select: { id: true, slug: true },
  });
  if (row) ids.push(row);
}

async function measure(name: string, runs: number, work: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(20, runs); i++) await work(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    `${name.padEnd(44)} median ${at(0.5).toFixed(2).padStart(7)} ms   p95 ${at(0.95).toFixed(2).padStart(7)} ms   (${runs} runs)`,
  );
}

const now = new Date();
console.log(`${total} published articles in ${new URL(url).pathname.slice(1)}`);
await measure('ranking statement, 1 article, first 6', 300, (i) =>
  findRelatedArticles(db.prisma, [ids[i % ids.length]!.id], 6, now, defaultRelatedWeights),
);
await measure('ranking statement, 20 articles at once', 100, (i) =>
  findRelatedArticles(
    db.prisma,
    ids.slice((i * 20) % 280, ((i * 20) % 280) + 20).map((a) => a.id),
    6,
    now,
    defaultRelatedWeights,
  ),
);

const config = loadConfig({ DATABASE_URL: url, NODE_ENV: 'production' });
const gateway = createGateway({ config, db, events: createArticleEventBus() });
const articlePage = `query($slug: String!) { article(slug: $slug) {
  title lead publishedAtText body { text } author { name } category { name } tags { name } images { src caption }
  relatedArticles(first: 6) { title url publishedAtText author { name } }
} }`;
await measure('article page over GraphQL (in process)', 300, async (i) => {
  const response = await gateway.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: articlePage, variables: { slug: ids[i % ids.length]!.slug } }),
  });
  const body = (await response.json()) as { errors?: unknown; data?: { article?: { relatedArticles: unknown[] } } };
  if (body.errors || body.data?.article?.relatedArticles.length !== 6) throw new Error(JSON.stringify(body).slice(0, 300));
});

if (process.argv.includes('--explain')) {
  const source = ids[0]!.id;
  const plan = await db.prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM "ArticleTag" x WHERE x."tagId" = (SELECT "tagId" FROM "ArticleTag" WHERE "articleId" = ${source} LIMIT 1) AND x."visibleAt" <= now() ORDER BY x."visibleAt" DESC LIMIT 50`,
  );
  console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
}
await db.close();
