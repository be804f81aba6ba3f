/**
 * Where the gateway's memory goes under load (issue #15 item 3): its production build
 * (`node dist/main.js`, built first when missing) started once per V8 heap setting, each under
 * the same load of article pages (autocannon, 10 connections), the settings taking turns.
 * Prints, per run: RSS when ready, peak RSS (VmHWM), the server's CPU ms per request and
 * req/s in the timed run (after a warm-up of the same length).
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_10k npx tsx bench/memory.ts [--seconds 30] [--rounds 2] \
 *     [--settings "default;--max-old-space-size=160"]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { cpuMs, peakRssMiB, rssMiB, startProcess, stopProcess, waitUntilReady } from './processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    settings: { type: 'string', default: 'default;--max-old-space-size=160' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a seeded PostgreSQL database (bench_10k)');

interface LoadResult {
  requests: { average: number; total?: number };
  non2xx: number;
  errors: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<LoadResult>;

if (!existsSync(path.join(root, 'dist/main.js'))) spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const query = [
  'examples/operations/ArticlePage.graphql',
  'examples/fragments/ArticleReading.graphql',
  'examples/fragments/RelatedArticle.graphql',
]
  .map(read)
  .join('\n');
const pg = await import('pg');
const client = new pg.default.Client({ connectionString: url });
await client.connect();
const { rows } = await client.query<{ slug: string }>(
  `SELECT slug FROM "Article" WHERE status = 'PUBLISHED' ORDER BY "publishedAt" DESC LIMIT 200`,
);
await client.end();
const bodies = rows.map(({ slug }) => JSON.stringify({ query, variables: { slug } }));

async function run(setting: string, port: number) {
  const logFile = path.join(tmpdir(), `bench-memory-${port}.log`);
  const flags = setting === 'default' ? [] : setting.split(' ');
  const server = startProcess(
    {
      command: process.execPath,
      args: [...flags, 'dist/main.js'],
      cwd: root,
      env: {
        DATABASE_URL: url!,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        RESPONSE_CACHE: 'off',
        RATE_LIMIT_PER_MINUTE: '0',
      },
    },
    logFile,
    null,
  );
  await waitUntilReady(server, () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok), 60_000, logFile);
  const pid = server.serverPid();
  const ready = rssMiB(pid, 'VmRSS') ?? 0;
  let next = 0;
  const load = () =>
    autocannon({
      url: `http://127.0.0.1:${port}/graphql`,
      connections: Number(values.connections),
      duration: Number(values.seconds),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
    });
  await load(); // warm-up: the JIT settles after ~1,500 requests
  const cpuBefore = cpuMs(pid);
  const result = await load();
  const served = result.requests.total ?? result.requests.average * Number(values.seconds);
  const figures = {
    setting,
    readyMiB: Math.round(ready),
    peakMiB: Math.round(peakRssMiB(pid) ?? 0),
    cpuMsPerRequest: +((cpuMs(pid) - cpuBefore) / served).toFixed(2),
    reqPerSecond: Math.round(result.requests.average),
    failed: result.non2xx + result.errors,
  };
  await stopProcess(server);
  return figures;
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${values.seconds} s per run after as long a warm-up`,
);
const settings = values.settings.split(';');
for (let round = 0; round < Number(values.rounds); round++) {
  // Rotated each round, so that neither setting always runs first on a warming machine.
  for (let i = 0; i < settings.length; i++) console.log(JSON.stringify(await run(settings[(i + round) % settings.length]!, 4990 + i)));
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
