/**
 * The gateway's own cost per page, without HTTP or load: requests one at a time through
 * yoga's fetch handler, in process. Prints, per page, the CPU time of this process per
 * request (process.cpuUsage: the gateway's JavaScript, Prisma's query compiler and the pg
 * driver), the CPU time of the PostgreSQL backends serving it (from /proc, found by
 * application_name), the median wall time, and the SQL statements per request (db.onStatement).
 * Quieter than `npm run bench` on a busy machine, so it is the A/B tool for changes to the
 * gateway itself (`--cache`: the same for response-cache hits, every request answered once
 * before the measured pass):
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_10k npx tsx bench/inprocess.ts [--requests 300] [--pages article,home] [--cache]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createArticleEventBus } from '../src/events/article-events.js';
import { createGateway } from '../src/server/yoga.js';
import { asksFor, endCursorOf, gatewayBuilder, sampleWorkload, type Page } from './workload.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    pages: { type: 'string', default: 'article,home,tag,archive' },
    seed: { type: 'string', default: '8' },
    // Measure cache hits: the response cache on (in memory), every request answered once first.
    cache: { type: 'boolean', default: false },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a seeded PostgreSQL database');
const count = Number(values.requests);

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
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // not on this machine, or gone
    }
  }
  return ticks * 10;
}

const env = {
  DATABASE_URL: url,
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_MINUTE: '0',
  RESPONSE_CACHE: values.cache ? 'on' : 'off',
};
const config = loadConfig(env);
const db = await openDatabase({ url });
const gateway = createGateway({ config, db, events: createArticleEventBus(null) });
const build = gatewayBuilder(null);

async function send(body: string) {
  const response = await gateway.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await response.json()) as { errors?: unknown; data?: unknown };
  if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 300));
  return json;
}

let statements = 0;
db.onStatement(() => statements++);
console.log(`${new URL(url).pathname.slice(1)}: ${count} requests per page, one at a time, in process`);
for (const [i, page] of (values.pages.split(',') as Page[]).entries()) {
  const cursors = new Map<string, string>();
  const bodies: string[] = [];
  for (const ask of asksFor(page, sample, Number(values.seed) * 100 + i, count, false)) {
    let cursor: string | undefined;
    if (ask.page === 'tag' && ask.secondPage) {
      cursor = cursors.get(ask.slug);
      if (!cursor) {
        cursor = endCursorOf('graphql', await send(build({ ...ask, secondPage: false }, sample)!.body!));
        cursors.set(ask.slug, cursor!);
      }
    }
    const request = build(ask, sample, cursor);
    if (request) bodies.push(request.body!);
  }
  for (const body of values.cache ? bodies : bodies.slice(0, 30)) await send(body); // warm-up (with --cache: fill)
  statements = 0;
  const times: number[] = [];
  const pgBefore = await backendCpuMs();
  const cpu = process.cpuUsage();
  for (const body of bodies) {
    const start = performance.now();
    await send(body);
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
await db.close();
process.exit(0);
