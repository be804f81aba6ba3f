/**
 * The gateway's own cost per page, without HTTP or load: requests one at a time through
 * yoga's fetch handler, in process, each inside a request scope as src/server/http.ts makes
 * one (so the request log line and the per-request metrics run, as in the server), with the
 * production log level writing to /dev/null. Prints, per page, the CPU time of this process
 * per request (process.cpuUsage: the gateway's JavaScript, Prisma's query compiler and the pg
 * driver), the CPU time of the PostgreSQL backends serving it (from /proc, found by
 * application_name), the median wall time, and the SQL statements per request
 * (db.onStatement). Quieter than `npm run bench` on a busy machine, so it is the A/B tool for
 * changes to the gateway itself.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_10k npx tsx bench/inprocess.ts [--requests 300] [--pages article,home] [--cache]
 *
 * `--cache`: the same for response-cache hits, every request answered once before the measured pass.
 * `--warmup 2000`: requests answered per page before the measured pass (also per --layers run).
 *
 * `--layers`: the marginal CPU of each per-request layer (bench/layers.ts: health, routes (media,
 * renditions, feeds), logging, metrics, rate limit, CSRF, incremental delivery, document limits, persisted operations, HTTP caching), measured
 * by leaving one out at a time, against the whole gateway and against yoga with no plugin at
 * all (what is left: yoga, the executor, Pothos, Prisma and pg). Variants take turns in
 * rounds, the order rotated each round; figures are medians over the rounds.
 *
 *   DATABASE_URL=… npx tsx bench/inprocess.ts --layers [--rounds 5] [--requests 200] [--warmup 2000] [--pages home,article]
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createArticleEventBus } from '../src/events/article-events.js';
import { countStatement } from '../src/server/request-scope.js';
import { createLogger } from '../src/server/logging.js';
import { createGateway } from '../src/server/yoga.js';
import { composedPluginCount, createLayeredGateway, LAYERS, sendInProcess, type Fetch, type Layer } from './layers.js';
import { cpuMs } from './processes.js';
import { median } from './results.js';
import { asksFor, endCursorOf, gatewayBuilder, sampleWorkload, type Page } from './workload.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string' },
    pages: { type: 'string', default: 'article,home,tag,archive' },
    seed: { type: 'string', default: '8' },
    // Measure cache hits: the response cache on (in memory), every request answered once first.
    cache: { type: 'boolean', default: false },
    layers: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2000' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a seeded PostgreSQL database');
const count = Number(values.requests ?? (values.layers ? 200 : 300));

const client = new pg.Client({ connectionString: url });
await client.connect();
const sample = await sampleWorkload(client, Number(values.seed));
await client.end();

const APP = 'bench-inprocess';
process.env.PGAPPNAME = APP; // node-postgres names the gateway's connections after it
/** CPU ms (utime + stime) of the PostgreSQL backends serving the gateway's connections. */
async function backendCpuMs(): Promise<number> {
  const probe = new pg.Client({ connectionString: url, application_name: 'bench-inprocess-probe' });
  await probe.connect();
  const { rows } = await probe.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [APP]);
  await probe.end();
  return rows.reduce((sum, { pid }) => sum + cpuMs(pid), 0);
}

const env = {
  ...process.env, // LOG_SYNC, REQUEST_LOG_SAMPLE and the like, to compare
  DATABASE_URL: url,
  NODE_ENV: 'production',
  RATE_LIMIT_PER_MINUTE: values.layers ? '1000000' : '0', // --layers measures the limiter, never hitting it
  RESPONSE_CACHE: values.cache ? 'on' : 'off',
};
const config = loadConfig(env);
// The production logger (level info, one JSON line per request, asynchronous unless
// LOG_SYNC=true), writing to /dev/null.
const logger = createLogger(config, '/dev/null');
const db = await openDatabase({ url, options: process.env.PGOPTIONS });
db.onStatement(countStatement);
const events = createArticleEventBus();
const build = gatewayBuilder(null);

/** The request bodies of a page, with second tag pages' cursors fetched through `fetch`. */
async function bodiesFor(fetch: Fetch, page: Page, i: number): Promise<string[]> {
  const cursors = new Map<string, string>();
  const bodies: string[] = [];
  for (const ask of asksFor(page, sample, Number(values.seed) * 100 + i, count, false)) {
    let cursor: string | undefined;
    if (ask.page === 'tag' && ask.secondPage) {
      cursor = cursors.get(ask.slug);
      if (!cursor) {
        cursor = endCursorOf('graphql', await sendInProcess(fetch, build({ ...ask, secondPage: false }, sample)!.body!));
        cursors.set(ask.slug, cursor!);
      }
    }
    const request = build(ask, sample, cursor);
    if (request) bodies.push(request.body!);
  }
  return bodies;
}

/** CPU ms of this process per request over `bodies`, sent one at a time. */
async function cpuPerRequest(fetch: Fetch, bodies: string[]): Promise<number> {
  const cpu = process.cpuUsage();
  for (const body of bodies) await sendInProcess(fetch, body);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / bodies.length;
}

const pages = values.pages.split(',') as Page[];
console.log(`${new URL(url).pathname.slice(1)}: ${count} requests per page, one at a time, in process`);

if (values.layers) await measureLayers();
else await measurePages();
// The most this process held at once (the heap, Prisma's engine, pg buffers), for the RSS target.
console.log(
  `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await db.close();
process.exit(0);

async function measurePages() {
  const gateway = createGateway({ config, db, events, logger });
  let statements = 0;
  db.onStatement(() => statements++);
  for (const [i, page] of pages.entries()) {
    const bodies = await bodiesFor(gateway.fetch, page, i);
    // The gateway's JIT needs ~1,500 requests before its CPU per request settles (issue #15).
    if (values.cache) for (const body of bodies) await sendInProcess(gateway.fetch, body); // fill
    for (let n = 0; n < Number(values.warmup); n++) await sendInProcess(gateway.fetch, bodies[n % bodies.length]!);
    statements = 0;
    const times: number[] = [];
    const pgBefore = await backendCpuMs();
    const cpu = process.cpuUsage();
    for (const body of bodies) {
      const start = performance.now();
      await sendInProcess(gateway.fetch, body);
      times.push(performance.now() - start);
    }
    const used = process.cpuUsage(cpu);
    const pgMs = (await backendCpuMs()) - pgBefore;
    times.sort((a, b) => a - b);
    console.log(
      `${page.padEnd(8)} CPU ${((used.user + used.system) / 1000 / bodies.length).toFixed(2).padStart(6)} ms/req` +
        `   PostgreSQL ${(pgMs / bodies.length).toFixed(2).padStart(5)} ms/req` +
        `   wall p50 ${times[Math.floor(times.length / 2)]!.toFixed(2).padStart(6)} ms` +
        `   SQL ${(statements / bodies.length).toFixed(1).padStart(4)} stmts/req`,
    );
  }
}

async function measureLayers() {
  const deps = { config, db, events, logger };
  const { composed, gateway: expected } = composedPluginCount(deps);
  if (composed !== expected)
    console.log(
      `WARNING: bench/layers.ts composes ${composed} plugins, src/server/plugins.ts ${expected}: the layers no longer match the gateway`,
    );
  const variants: { name: string; fetch: Fetch }[] = [
    { name: 'gateway (createGateway)', fetch: createGateway(deps).fetch },
    { name: 'all layers (bench/layers.ts)', fetch: createLayeredGateway(deps, LAYERS).fetch },
    ...LAYERS.map((layer) => ({
      name: `without ${layer}`,
      fetch: createLayeredGateway(
        deps,
        LAYERS.filter((l: Layer) => l !== layer),
      ).fetch,
    })),
    { name: 'no plugin (yoga, executor, Pothos, Prisma)', fetch: createLayeredGateway(deps, []).fetch },
  ];
  const rounds = Number(values.rounds);
  const warmup = Number(values.warmup);
  console.log(
    `${variants.length} variants, ${rounds} rounds of ${count} requests each; warm-up ${warmup} requests (whole gateway), 100 per variant`,
  );
  for (const [i, page] of pages.entries()) {
    const bodies = await bodiesFor(variants[0]!.fetch, page, i);
    for (let n = 0; n < warmup; n++) await sendInProcess(variants[1]!.fetch, bodies[n % bodies.length]!);
    for (const variant of variants) for (const body of bodies.slice(0, 100)) await sendInProcess(variant.fetch, body);
    const cpu = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    for (let round = 0; round < rounds; round++) {
      const order = variants.map((_, k) => variants[(k + round) % variants.length]!);
      for (const variant of order) cpu.get(variant.name)!.push(await cpuPerRequest(variant.fetch, bodies));
    }
    const all = cpu.get('all layers (bench/layers.ts)')!;
    console.log(
      `\n${page}: CPU ms/request, median of ${rounds} rounds (min–max); marginal = all layers − without it, median of the rounds' differences`,
    );
    for (const variant of variants) {
      const runs = cpu.get(variant.name)!;
      const marginal =
        variant.name.startsWith('without ') || variant.name.startsWith('no plugin') ? median(all.map((a, r) => a - runs[r]!)) : null;
      console.log(
        `  ${variant.name.padEnd(44)} ${median(runs).toFixed(3)} (${Math.min(...runs).toFixed(3)}–${Math.max(...runs).toFixed(3)})` +
          (marginal === null ? '' : `   marginal ${marginal >= 0 ? '+' : ''}${marginal.toFixed(3)} ms`),
      );
    }
  }
}
