/**
 * `npm run bench:topology`: the scale-out topology of docs/deployment.md under a news-like
 * mix, on this machine. Readers ask for article pages with Zipf-distributed popularity (the
 * article of rank r is asked for in proportion to 1/r^s) while an editor retitles one of the
 * popular articles every few seconds, each publication purging the gateway's Redis cache and
 * the edge by surrogate key.
 *
 * Rows, each the same load for the same time:
 * - edge: Varnish in front of the gateways, readers' GETs cached there (hits, and the misses
 *   the publications cause);
 * - gateway hits: through Varnish but bypassing its cache (a cookie), served from the
 *   gateways' shared Redis response cache;
 * - uncached: the same, with the gateways' response cache off (every request runs its SQL);
 * each of the last two with 1 and with 2 gateway processes behind the same Varnish.
 *
 * PostgreSQL is the machine's (TEST_DATABASE_URL's server): a database `bench_topology` with
 * the demo content is made on first use. Redis, Varnish and the gateways are started here on
 * ports from the OS and stopped at the end. Results: .bench/topology.json and, with --write,
 * the section of BENCHMARKS.md between its topology markers.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import pg from 'pg';
import { projectRoot, startGateway, startRedis, startVarnish, type Engine, type GatewayEngine } from '../scripts/stack/engines.js';
import { createEditorToken } from '../test/support/editors.js';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrations.js';
import { seedDemoContent, isDatabaseEmpty } from '../src/seed/demo.js';

/** autocannon ships no types: what this file uses of it. */
interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<LoadResult>;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    'publish-every': { type: 'string', default: '3' },
    zipf: { type: 'string', default: '1.0' },
    write: { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const PUBLISH_EVERY_MS = Number(args['publish-every']) * 1000;
const ZIPF_S = Number(args.zipf);

const ARTICLE_PAGE = `query Page($slug: String!) { article(slug: $slug) { id title lead publishedAt readingTimeMinutes
  author { name } category { name slug } tags { name slug } } }`;
/**
 * What a reader's app sends with a GET: the CSRF header the gateway asks of every GET (without
 * it every request is refused 403 CSRF_PREVENTED, which the first run of this file measured).
 */
const READER_HEADERS = { accept: 'application/graphql-response+json', 'x-graphql-csrf': '1' };
const UPDATE = `mutation($id: ID!, $version: Int!, $title: String!) { updateArticle(id: $id, version: $version, input: { title: $title }) { __typename } }`;

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = '/bench_topology';
  return url.toString();
})();

async function ensureDatabase() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'bench_topology'`);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE bench_topology ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();
  const db = await openDatabase({ url: databaseUrl });
  await applyMigrations(db.adapterFactory);
  if (await isDatabaseEmpty(db.prisma)) await seedDemoContent(db.prisma);
  return db;
}

/** A sampler of ranks 0..n-1 with P(r) ∝ 1/(r+1)^s. */
function zipf(n: number, s: number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= n; rank++) cumulative.push((total += 1 / rank ** s));
  return () => {
    const target = Math.random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

interface Row {
  name: string;
  processes: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  edgeHitRatio: number | null;
  publications: number;
}

async function measure(
  name: string,
  processes: number,
  url: string,
  slugs: string[],
  headers: Record<string, string>,
  publisher: Publisher,
): Promise<Row> {
  const pick = zipf(slugs.length, ZIPF_S);
  let hits = 0;
  let counted = 0;
  const pathFor = () => `/graphql?${new URLSearchParams({ query: ARTICLE_PAGE, variables: JSON.stringify({ slug: slugs[pick()] }) })}`;
  const published = publisher.count;
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { ...READER_HEADERS, ...headers },
    requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, path: pathFor() }) }],
  });
  // Cache-Status is sampled apart (autocannon does not hand out headers): 200 requests spread over the run.
  const sampler = (async () => {
    const end = Date.now() + DURATION * 1000;
    while (Date.now() < end) {
      const response = await fetch(`${url}${pathFor()}`, { headers: { ...READER_HEADERS, ...headers } }).catch(() => null);
      if (response) {
        counted += 1;
        if (/news-edge; hit/.test(response.headers.get('cache-status') ?? '')) hits += 1;
        await response.body?.cancel();
      }
      await new Promise((resolve) => setTimeout(resolve, (DURATION * 1000) / 200));
    }
  })();
  const result = await instance;
  await sampler;
  const row: Row = {
    name,
    processes,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    edgeHitRatio: headers.cookie ? null : counted > 0 ? hits / counted : null,
    publications: publisher.count - published,
  };
  console.log(JSON.stringify(row));
  // A row of refusals measures the refusal, not the topology: stop rather than record it.
  const served = result.requests.average * DURATION;
  if (row.errors > 0.01 * served) throw new Error(`${name}: ${row.errors} of ~${Math.round(served)} requests failed or were not 2xx`);
  return row;
}

interface Publisher {
  count: number;
  stop(): Promise<void>;
}

/** Retitles one of the ten most popular articles every PUBLISH_EVERY_MS, through `via`. */
function startPublisher(via: () => string, token: string, db: Awaited<ReturnType<typeof ensureDatabase>>, ids: number[]): Publisher {
  let running = true;
  const state = { count: 0 };
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, PUBLISH_EVERY_MS));
      if (!running) break;
      const id = ids[Math.floor(Math.random() * Math.min(10, ids.length))]!;
      const { version, title } = await db.prisma.article.findUniqueOrThrow({ where: { id }, select: { version: true, title: true } });
      const globalId = Buffer.from(`Article:${id}`).toString('base64');
      const response = await fetch(via(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: UPDATE,
          variables: { id: globalId, version, title: title.replace(/( · \d+)?$/, ` · ${state.count}`) },
        }),
      }).catch(() => null);
      await response?.body?.cancel();
      state.count += 1;
    }
  })();
  return {
    get count() {
      return state.count;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function withTopology<T>(
  processes: number,
  env: Record<string, string>,
  redis: Engine,
  work: (edge: string, gateways: GatewayEngine[]) => Promise<T>,
): Promise<T> {
  const gateways: GatewayEngine[] = [];
  let varnish: Awaited<ReturnType<typeof startVarnish>> | null = null;
  try {
    for (let index = 0; index < processes; index++)
      gateways.push(await startGateway(`gateway ${index + 1}`, { ...env, REDIS_URL: redis.url }));
    varnish = await startVarnish({ gatewayPorts: gateways.map((gateway) => gateway.port) });
    const edge = varnish.url;
    for (let i = 0; i < 100; i++) if ((await fetch(`${edge}/readyz`)).status === 200) break;
    return await work(edge, gateways);
  } finally {
    await varnish?.stop();
    for (const gateway of gateways) await gateway.stop();
  }
}

async function main() {
  const db = await ensureDatabase();
  const articles = await db.prisma.article.findMany({
    where: { status: 'PUBLISHED' },
    select: { id: true, slug: true },
    orderBy: { id: 'asc' },
  });
  // Popularity rank: a fixed shuffle, so that the most read are not simply the oldest.
  const ranked = articles.map((article, index) => ({ ...article, key: (index * 7919) % articles.length })).sort((a, b) => a.key - b.key);
  const slugs = ranked.map((article) => article.slug);
  const token = await createEditorToken(db.prisma);
  const redis = await startRedis();
  const rows: Row[] = [];
  const base = {
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    EDITOR_RATE_LIMIT_PER_MINUTE: '0',
    HTTP_CACHE_S_MAXAGE_SECONDS: '300',
    TRUSTED_PROXY_HOPS: '1',
    NODE_ENV: 'production',
  };
  try {
    for (const [cache, label] of [
      ['on', 'gateway hits (Redis cache), edge bypassed'],
      ['off', 'uncached (SQL every request), edge bypassed'],
    ] as const) {
      for (const processes of [1, 2]) {
        await withTopology(processes, { ...base, RESPONSE_CACHE: cache }, redis, async (edge, gateways) => {
          // Purges go to this run's Varnish: the gateways learn its URL only now, so the
          // edge rows below run their own publisher through a gateway that knows it.
          const publisher = startPublisher(
            () => gateways[0]!.url,
            token,
            db,
            ranked.map((article) => article.id),
          );
          if (cache === 'on' && processes === 2)
            rows.push(await measure('warm-up (not recorded)', processes, edge, slugs, { cookie: 'bench=1' }, publisher));
          rows.push(await measure(label, processes, edge, slugs, { cookie: 'bench=1' }, publisher));
          await publisher.stop();
        });
      }
    }
    // The edge row: the gateways must purge this Varnish, so its port is fixed before they start.
    const { freePort } = await import('../scripts/stack/engines.js');
    const edgePort = await freePort();
    const gateways: GatewayEngine[] = [];
    for (let index = 0; index < 2; index++)
      gateways.push(
        await startGateway(`gateway ${index + 1}`, {
          ...base,
          REDIS_URL: redis.url,
          EDGE_PURGE_URLS: `http://127.0.0.1:${edgePort}/`,
        }),
      );
    const varnish = await startVarnish({ gatewayPorts: gateways.map((gateway) => gateway.port), port: edgePort });
    try {
      const publisher = startPublisher(
        () => gateways[0]!.url,
        token,
        db,
        ranked.map((article) => article.id),
      );
      rows.push(await measure('edge (Varnish cache, purged by key)', 2, varnish.url, slugs, {}, publisher));
      await publisher.stop();
    } finally {
      await varnish.stop();
      for (const gateway of gateways) await gateway.stop();
    }
  } finally {
    await redis.stop();
    await db.close();
  }
  const recorded = rows.filter((row) => !row.name.startsWith('warm-up'));
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '?',
    load: loadavg()
      .map((value) => value.toFixed(1))
      .join(' '),
  };
  mkdirSync(path.join(projectRoot, '.bench'), { recursive: true });
  writeFileSync(
    path.join(projectRoot, '.bench/topology.json'),
    JSON.stringify({ at: new Date().toISOString(), machine, rows: recorded, articles: slugs.length }, null, 2),
  );
  const table = renderTable(recorded, machine, slugs.length);
  console.log(`\n${table}`);
  if (args.write) {
    const file = path.join(projectRoot, 'BENCHMARKS.md');
    const text = readFileSync(file, 'utf8');
    const start = '<!-- bench/topology.ts: start -->';
    const end = '<!-- bench/topology.ts: end -->';
    if (!text.includes(start)) throw new Error(`BENCHMARKS.md has no ${start} marker`);
    writeFileSync(file, `${text.slice(0, text.indexOf(start) + start.length)}\n${table}\n${text.slice(text.indexOf(end))}`);
  }
}

function renderTable(rows: Row[], machine: { cpus: number; model: string; load: string }, articles: number): string {
  const lines = [
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${machine.cpus} × ${machine.model}, load average at the end ${machine.load}; ` +
      `${articles} published articles, Zipf s=${ZIPF_S}, ${CONNECTIONS} connections, ${DURATION} s per row, a retitle every ${PUBLISH_EVERY_MS / 1000} s.`,
    '',
    '| Row | Gateway processes | req/s | p50 ms | p99 ms | errors | edge hits (sampled) | publications during the row |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.processes} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.edgeHitRatio === null ? '—' : `${Math.round(row.edgeHitRatio * 100)} %`} | ${row.publications} |`,
    ),
  ];
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
