/**
 * `npm run bench`: this gateway side by side with PostGraphile v5, a naive N+1 baseline and
 * hand-written SQL over the raw pg driver, on the synthetic corpus at 10k and 1M articles.
 * See BENCHMARKS.md for what is measured and how; `npm run bench -- --help` for the flags.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startProcess, stopProcess, waitUntilReady, peakRssMiB, hasTaskset, type Launch, type Running } from './processes.js';
import { formatProfile, summarizeProfile, type ProfileSummary } from './profile.js';
import { countStatements, findServerLog, statementLogEnv } from './statements.js';
import {
  ALL_PAGES,
  asksFor,
  endCursorOf,
  gatewayBuilder,
  gatewaySearchDocument,
  postgraphileBuilder,
  rawBuilder,
  sampleWorkload,
  type Ask,
  type HttpRequest,
  type Page,
  type RequestBuilder,
  type Sample,
} from './workload.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.bench');

const USAGE = `Usage: npm run bench -- [options]

  --sizes 10k,1m            corpora to run (databases bench_10k, bench_1m; created and seeded when missing)
  --servers LIST            gateway,gateway-cache,postgraphile,naive,raw (default: all)
  --pages LIST              article,home,tag,archive,search,mix (default: all; search only if schema.graphql has it)
  --connections 1,10,50     connection counts at the first size
  --connections-large 10    connection counts at the other sizes (default 10, to keep a run short)
  --duration 3              seconds per timed run
  --runs 3                  timed runs per cell (the median is reported)
  --warmup 2                seconds of warm-up per cell
  --statement-requests 10   requests per page when counting SQL statements (0: skip counting)
  --profile-seconds 10      CPU profile of the gateway under load at 10 connections (0: none)
  --profile-page article    the page profiled
  --database-url URL        server to use (default postgresql://postgres@127.0.0.1:5432)
  --gateway-ref HEAD        the commit whose gateway, naive and raw servers run, from a clean
                            checkout in .bench/trees/<commit> (others' uncommitted edits stay out);
                            "working-tree" runs this folder as it is
  --seed 8                  seed of the workload's random sequence
  --allow-partial           measure a database holding fewer articles than its size says
  --prepare-only            create, seed and migrate the databases and install their setup, then stop
  --no-write                print only; do not rewrite the harness section of BENCHMARKS.md
  --help`;

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10k,1m' },
    servers: { type: 'string', default: 'gateway,gateway-cache,postgraphile,naive,raw' },
    pages: { type: 'string', default: ALL_PAGES.join(',') },
    connections: { type: 'string', default: '1,10,50' },
    'connections-large': { type: 'string', default: '10' },
    duration: { type: 'string', default: '3' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    'statement-requests': { type: 'string', default: '10' },
    'profile-seconds': { type: 'string', default: '10' },
    'profile-page': { type: 'string', default: 'article' },
    'database-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
    seed: { type: 'string', default: '8' },
    'gateway-ref': { type: 'string', default: 'HEAD' },
    'no-write': { type: 'boolean', default: false },
    'allow-partial': { type: 'boolean', default: false },
    'prepare-only': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const numbers = (text: string) => list(text).map(Number);
const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
const sizes = list(flags.sizes);
for (const size of sizes) if (!(size in SIZES)) throw new Error(`unknown size ${size}; use ${Object.keys(SIZES).join(', ')}`);
type ServerName = 'gateway' | 'gateway-cache' | 'postgraphile' | 'naive' | 'raw';
const serverNames = list(flags.servers) as ServerName[];
const pages = list(flags.pages) as Page[];
const duration = Number(flags.duration);
const runs = Number(flags.runs);
const warmup = Number(flags.warmup);
const statementRequests = Number(flags['statement-requests']);
const profileSeconds = Number(flags['profile-seconds']);
const seed = Number(flags.seed);
const baseUrl = flags['database-url'].replace(/\/+$/, '');
const SERVER_CPU = 1;
const LOAD_CPU = 0;
const ASKS_PER_PAGE = 500;

// ---------------------------------------------------------------------------------------
// The servers

interface ServerDef {
  name: ServerName;
  label: string;
  port: number;
  kind: 'graphql' | 'postgraphile' | 'raw';
  launch(databaseUrl: string): Launch;
  /** Why it cannot run here, or null. */
  unavailable(): string | null;
}

/**
 * Where the gateway (and the naive and raw servers, which share its src/) run from: a clean
 * checkout of one commit, so that a colleague's half-saved file in the shared working tree
 * neither breaks the run nor gets measured.
 */
function checkout(ref: string): { dir: string; label: string } {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (ref === 'working-tree') {
    const dirty = git('status', '--porcelain', '--', 'src', 'prisma', 'bench', 'package.json')
      .stdout.trim()
      .split('\n')
      .filter(Boolean).length;
    return {
      dir: root,
      label: `working tree at ${git('rev-parse', '--short', 'HEAD').stdout.trim()}${dirty ? ` with ${dirty} uncommitted files` : ''}`,
    };
  }
  const sha = git('rev-parse', '--verify', `${ref}^{commit}`).stdout.trim();
  if (!sha) throw new Error(`--gateway-ref: no commit ${ref}`);
  const dir = path.join(outDir, 'trees', sha.slice(0, 12));
  if (!existsSync(path.join(dir, 'package.json'))) {
    console.log(`Checking out ${sha.slice(0, 12)} into ${path.relative(root, dir)}…`);
    const added = git('worktree', 'add', '--detach', '--force', dir, sha);
    if (added.status !== 0) throw new Error(added.stderr);
  }
  if (!existsSync(path.join(dir, 'node_modules'))) symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  if (!existsSync(path.join(dir, 'src/generated/prisma'))) {
    const generated = spawnSync('npm', ['run', 'generate', '--silent'], { cwd: dir, stdio: 'inherit' });
    if (generated.status !== 0) throw new Error('prisma generate failed in the checkout');
  }
  return { dir, label: `commit ${sha.slice(0, 12)} (${git('log', '-1', '--format=%s', sha).stdout.trim().slice(0, 80)})` };
}
const gatewayTree = checkout(flags['gateway-ref']);
const tree = gatewayTree.dir;

const schemaSdl = readFileSync(path.join(tree, 'schema.graphql'), 'utf8');
const searchDocument = gatewaySearchDocument(schemaSdl);
const responseCacheSupported = /RESPONSE_CACHE/.test(readFileSync(path.join(tree, 'src/config.ts'), 'utf8'));
const tsxServer = (file: string, port: number, databaseUrl: string): Launch => ({
  command: process.execPath,
  args: ['--import', 'tsx', file],
  cwd: tree,
  env: { DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
});
const gatewayLaunch =
  (port: number, cache: 'on' | 'off') =>
  (databaseUrl: string): Launch => ({
    // As users start it: npm start, with the environment the README documents.
    command: 'npm',
    args: ['start', '--silent'],
    cwd: tree,
    // The load generator is one client on one address: the per-client rate limit (600/min by
    // default) would turn most of its requests into 429s, so it is off for the benchmark.
    env: {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      RESPONSE_CACHE: cache,
      RATE_LIMIT_PER_MINUTE: '0',
    },
  });
const postgraphileDir = path.join(root, 'bench/postgraphile');
const postgraphileNode = path.join(postgraphileDir, 'node_modules/.bin/node');

const SERVERS: Record<ServerName, ServerDef> = {
  gateway: {
    name: 'gateway',
    label: 'gateway (cache off)',
    port: 4101,
    kind: 'graphql',
    launch: gatewayLaunch(4101, 'off'),
    unavailable: () => null,
  },
  'gateway-cache': {
    name: 'gateway-cache',
    label: 'gateway (cache on)',
    port: 4105,
    kind: 'graphql',
    launch: gatewayLaunch(4105, 'on'),
    unavailable: () => (responseCacheSupported ? null : 'the gateway has no response cache yet (no RESPONSE_CACHE in src/config.ts)'),
  },
  postgraphile: {
    name: 'postgraphile',
    label: 'PostGraphile v5',
    port: 4102,
    kind: 'postgraphile',
    launch: (databaseUrl) => ({
      command: postgraphileNode,
      args: ['server.mjs'],
      cwd: postgraphileDir,
      env: { DATABASE_URL: databaseUrl, PORT: '4102', HOST: '127.0.0.1', NODE_ENV: 'production', GRAPHILE_ENV: 'production' },
    }),
    unavailable: () => {
      if (existsSync(postgraphileNode)) return null;
      console.log('Installing PostGraphile (npm ci --prefix bench/postgraphile)…');
      const result = spawnSync('npm', ['ci', '--prefix', 'bench/postgraphile', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
      return result.status === 0 && existsSync(postgraphileNode) ? null : 'npm ci --prefix bench/postgraphile failed';
    },
  },
  naive: {
    name: 'naive',
    label: 'naive (yoga + Prisma, N+1)',
    port: 4103,
    kind: 'graphql',
    launch: (u) => tsxServer('bench/naive/server.ts', 4103, u),
    unavailable: () => null,
  },
  raw: {
    name: 'raw',
    label: 'raw SQL (pg + node:http)',
    port: 4104,
    kind: 'raw',
    launch: (u) => tsxServer('bench/raw/server.ts', 4104, u),
    unavailable: () => null,
  },
};

function builderFor(server: ServerDef): RequestBuilder {
  if (server.kind === 'postgraphile') return postgraphileBuilder;
  if (server.kind === 'raw') return rawBuilder;
  return gatewayBuilder(server.name === 'naive' ? null : searchDocument);
}

// ---------------------------------------------------------------------------------------
// HTTP helpers

async function send(server: ServerDef, request: HttpRequest, attempt = 0): Promise<{ status: number; body: any }> {
  // fetch keeps connections alive between calls; a server may have closed one meanwhile.
  const response = await fetch(`http://127.0.0.1:${server.port}${request.path}`, {
    method: request.method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: request.body,
  }).catch((error: unknown) => {
    if (attempt < 2) return null;
    throw error;
  });
  if (!response) return send(server, request, attempt + 1);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: text.slice(0, 200) }] };
  }
  return { status: response.status, body };
}

const probe = (server: ServerDef) => async () => {
  if (server.kind === 'raw') return (await fetch(`http://127.0.0.1:${server.port}/health`)).ok;
  const { status } = await send(server, { method: 'POST', path: '/graphql', body: '{"query":"{ __typename }"}' });
  return status === 200;
};

/** The application_name of a server's database connections (PGAPPNAME), to find its backends. */
const appNameOf = (server: ServerDef) => `bench-${server.name}`;

async function startServer(
  server: ServerDef,
  databaseUrl: string,
  logFile: string,
  extraEnv: Record<string, string> = {},
): Promise<Running & { databaseUrl: string }> {
  const launch = server.launch(databaseUrl);
  const running = startProcess({ ...launch, env: { PGAPPNAME: appNameOf(server), ...launch.env, ...extraEnv } }, logFile, SERVER_CPU);
  await waitUntilReady(running, probe(server), 180_000, logFile);
  return { ...running, databaseUrl };
}

/** The server's requests for a sequence of asks, fetching page-1 cursors for tag pages. */
async function requestsFor(server: ServerDef, asks: Ask[], sample: Sample, cursors: Map<string, string>): Promise<HttpRequest[]> {
  const builder = builderFor(server);
  const requests: HttpRequest[] = [];
  for (const ask of asks) {
    let cursor: string | undefined;
    if (ask.page === 'tag' && ask.secondPage) {
      cursor = cursors.get(ask.slug);
      if (cursor === undefined) {
        const first = builder({ ...ask, secondPage: false }, sample)!;
        const { body } = await send(server, first);
        cursor = endCursorOf(server.kind, body);
        if (!cursor) throw new Error(`${server.name}: no cursor for tag ${ask.slug}: ${JSON.stringify(body).slice(0, 300)}`);
        cursors.set(ask.slug, cursor);
      }
    }
    const request = builder(ask, sample, cursor);
    if (request) requests.push(request);
  }
  return requests;
}

function problemWith(page: Page, server: ServerDef, status: number, body: any): string | null {
  if (status !== 200) return `HTTP ${status}`;
  if (body.errors) return JSON.stringify(body.errors).slice(0, 300);
  const data = body.data ?? {};
  const rootValue = Object.values(data)[0];
  if (rootValue === null || rootValue === undefined) return 'null answer';
  if (page === 'article') {
    const related = server.kind === 'postgraphile' ? data.articleBySlug?.relatedArticlesList : data.article?.relatedArticles;
    if (!Array.isArray(related) || related.length !== 6) return `related: ${JSON.stringify(related)?.slice(0, 100)}`;
  }
  return null;
}

/** Every article title in an answer, in document order: comparable across query shapes. */
function titles(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) titles(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'title' && typeof child === 'string') out.push(child);
      else titles(child, out);
    }
  }
  return out;
}

/** An answer without its server-specific cursors, with keys sorted. */
function canonical(value: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([key]) => key !== 'endCursor' && key !== 'cursor')
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, child]) => [key, strip(child)]),
      );
    }
    return v;
  };
  return JSON.stringify(strip(value));
}

// ---------------------------------------------------------------------------------------
// Load

interface RunResult {
  rps: number;
  requests: number;
  p50: number;
  p99: number;
  mean: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  cpuMsPerRequest: number | null;
  pgCpuMsPerRequest: number | null;
}
interface Cell {
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number | null;
  /** CPU time of the PostgreSQL backends serving this server's connections, per request. */
  pgCpuMsPerRequest: number | null;
  failures: number;
  runs: RunResult[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function runLoad(
  server: ServerDef,
  running: Running & { databaseUrl: string },
  requests: HttpRequest[],
  connections: number,
  seconds = duration,
  times = runs,
  warm = warmup,
): Cell {
  const jobFile = path.join(outDir, 'load-job.json');
  writeFileSync(
    jobFile,
    JSON.stringify({
      url: `http://127.0.0.1:${server.port}`,
      requests,
      connections,
      duration: seconds,
      warmup: warm,
      runs: times,
      serverPids: running.pids(),
      databaseUrl: running.databaseUrl,
      appName: appNameOf(server),
    }),
  );
  const loader = [process.execPath, path.join(root, 'bench/load.mjs'), jobFile];
  const [command, ...args] = hasTaskset ? ['taskset', '-c', String(LOAD_CPU), ...loader] : loader;
  const result = spawnSync(command!, args, { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (result.status !== 0) throw new Error(`load generator failed: ${result.stderr}`);
  const { runs: results } = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { runs: RunResult[] };
  const cpu = results.map((r) => r.cpuMsPerRequest).filter((v): v is number => v !== null);
  const pgCpu = results.map((r) => r.pgCpuMsPerRequest).filter((v): v is number => v !== null);
  return {
    rps: median(results.map((r) => r.rps)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    cpuMsPerRequest: cpu.length ? median(cpu) : null,
    pgCpuMsPerRequest: pgCpu.length ? median(pgCpu) : null,
    failures: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
    runs: results,
  };
}

// ---------------------------------------------------------------------------------------
// Databases

function sizeLabel(articles: number) {
  return articles >= 1_000_000 ? `${articles / 1_000_000}M` : `${articles / 1000}k`;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function seederRunning(): boolean {
  const result = spawnSync('pgrep', ['-f', 'src/cli/seed.ts'], { encoding: 'utf8' });
  return result.stdout.trim().length > 0;
}

/** Makes sure the database exists and is full; returns its article count, or a reason to skip. */
async function ensureDatabase(name: string, articles: number): Promise<{ count: number } | { skip: string }> {
  const exists = await withClient(
    `${baseUrl}/postgres`,
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0,
  );
  const url = `${baseUrl}/${name}`;
  if (!exists) {
    console.log(`Creating ${name} and seeding ${articles} articles (about ${Math.ceil(articles / 1000 / 60)} min)…`);
    await withClient(`${baseUrl}/postgres`, (c) => c.query(`CREATE DATABASE "${name}"`));
    // A batch of 2,000 articles is one transaction of several large statements: on a loaded
    // machine one of them can outlast the gateway's default STATEMENT_TIMEOUT_MS (5 s).
    const seeded = spawnSync('npm', ['run', 'seed', '--silent', '--', '--articles', String(articles)], {
      cwd: tree,
      env: { ...process.env, DATABASE_URL: url, STATEMENT_TIMEOUT_MS: '0' },
      stdio: 'inherit',
    });
    if (seeded.status !== 0) throw new Error(`seeding ${name} failed`);
    // Fresh statistics and visibility map, so the plans measured are the ones a settled database gets.
    await withClient(url, (c) => c.query('VACUUM ANALYZE'));
  }
  const count = await withClient(url, async (c) => Number((await c.query('SELECT count(*) FROM "Article"')).rows[0].count));
  if (count < articles && seederRunning())
    return { skip: `${name} is still being filled (${count} of ${articles} articles; a seed.ts process is running)` };
  // Servers migrate at start-up (a write): a database that is not full is left alone, unless asked.
  if (count < articles && !flags['allow-partial']) {
    return {
      skip: `${name} has ${count} of ${articles} articles and nothing is filling it; finish it with npm run seed, or pass --allow-partial`,
    };
  }
  // Bring it to the working tree's migrations now (a new migration over 1M rows can take
  // minutes), rather than inside a server's timed start-up.
  const migrated = spawnSync('npm', ['run', 'migrate', '--silent'], {
    cwd: tree,
    env: { ...process.env, DATABASE_URL: url, STATEMENT_TIMEOUT_MS: '0' },
    stdio: 'inherit',
  });
  if (migrated.status !== 0) throw new Error(`npm run migrate failed on ${name}`);
  await withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT coalesce(last_analyze, last_autoanalyze) AS at FROM pg_stat_user_tables WHERE relname = 'Article'`,
    );
    if (!rows[0]?.at) await c.query('ANALYZE');
    await c.query(readFileSync(path.join(postgraphileDir, 'setup.sql'), 'utf8'));
  });
  return { count };
}

// ---------------------------------------------------------------------------------------
// Main

interface ServerResult {
  available: boolean;
  note?: string;
  cells: Partial<Record<Page, Record<number, Cell>>>;
  statements: Partial<Record<Page, number>>;
  statementExamples: Partial<Record<Page, string[]>>;
  peakRssMiB: number | null;
  agreement?: { checked: number; agreed: number; first?: string };
}
interface SizeResult {
  size: string;
  database: string;
  articles: number;
  connections: number[];
  servers: Partial<Record<ServerName, ServerResult>>;
  skipped?: string;
}

/** PostGraphile's own Node (installed on first use, so asked again when the run ends). */
function postgraphileNodeVersion(): string {
  return existsSync(postgraphileNode) ? spawnSync(postgraphileNode, ['--version'], { encoding: 'utf8' }).stdout.trim() : 'not installed';
}

function machine() {
  const pgVersion = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'SHOW server_version'], {
    encoding: 'utf8',
  }).stdout.trim();
  const pglNode = postgraphileNodeVersion();
  return {
    date: new Date().toISOString(),
    nproc: spawnSync('nproc', { encoding: 'utf8' }).stdout.trim() || String(cpus().length),
    cpu: cpus()[0]?.model ?? '?',
    free: spawnSync('free', ['-h'], { encoding: 'utf8' }).stdout.trimEnd() || `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgraphileNode: pglNode,
    postgres: pgVersion,
    load: readFileSync('/proc/loadavg', 'utf8').trim(),
    gateway: gatewayTree.label,
    taskset: hasTaskset,
  };
}

async function main() {
  if (flags['prepare-only']) {
    for (const size of sizes) {
      const ready = await ensureDatabase(`bench_${size}`, SIZES[size]!);
      console.log('skip' in ready ? `bench_${size}: ${ready.skip}` : `bench_${size}: ${ready.count} articles, migrated, setup installed`);
    }
    return;
  }
  mkdirSync(path.join(outDir, 'logs'), { recursive: true });
  const startedAt = Date.now();
  const info = machine();
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  console.log(`${command}\n${info.nproc} cores, Node ${info.node}, PostgreSQL ${info.postgres}; load ${info.load}`);
  if (!searchDocument) console.log('No search field in schema.graphql: the search page is skipped.');
  const activePages = pages.filter((page) => page !== 'search' || searchDocument);

  const results: SizeResult[] = [];
  let profile: ProfileSummary | null = null;
  let profileFile: string | null = null;

  for (const [sizeIndex, size] of sizes.entries()) {
    const articles = SIZES[size]!;
    const database = `bench_${size}`;
    const connections = numbers(sizeIndex === 0 ? flags.connections : flags['connections-large']);
    const sizeResult: SizeResult = { size, database, articles, connections, servers: {} };
    results.push(sizeResult);
    const ready = await ensureDatabase(database, articles);
    if ('skip' in ready) {
      console.log(`Skipping ${size}: ${ready.skip}`);
      sizeResult.skipped = ready.skip;
      continue;
    }
    sizeResult.articles = ready.count;
    const databaseUrl = `${baseUrl}/${database}`;
    const sample = await withClient(databaseUrl, (c) => sampleWorkload(c, seed));
    const asks = Object.fromEntries(
      activePages.map((page, i) => [page, asksFor(page, sample, seed * 100 + i, ASKS_PER_PAGE, searchDocument !== null)]),
    ) as Record<Page, Ask[]>;
    const reference = new Map<string, string>(); // gateway answers, by page and ask index
    const referenceTitles = new Map<string, string>();

    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const logFile = statementRequests > 0 ? await findServerLog(admin) : null;
    if (statementRequests > 0 && !logFile)
      console.log('The PostgreSQL log is not readable here: SQL statements per request are not counted.');

    for (const name of serverNames) {
      const server = SERVERS[name];
      const reason = server.unavailable();
      if (reason) {
        console.log(`${size} ${server.label}: n/a — ${reason}`);
        sizeResult.servers[name] = { available: false, note: reason, cells: {}, statements: {}, statementExamples: {}, peakRssMiB: null };
        continue;
      }
      const result: ServerResult = { available: true, cells: {}, statements: {}, statementExamples: {}, peakRssMiB: null };
      sizeResult.servers[name] = result;
      const serverPages = activePages.filter(
        (page) => page !== 'search' || builderFor(server)({ page: 'search', query: 'x' }, sample) !== null,
      );
      const log = (suffix: string) => path.join(outDir, 'logs', `${size}-${name}${suffix}.log`);

      // 1. SQL statements per request, on an instance whose connections log every statement.
      if (logFile) {
        const counting = await startServer(server, databaseUrl, log('-statements'), statementLogEnv);
        try {
          const cursors = new Map<string, string>();
          for (const page of serverPages.filter((p) => p !== 'mix')) {
            const requests = await requestsFor(server, asks[page].slice(0, statementRequests + 2), sample, cursors);
            for (const request of requests.slice(0, 2)) await send(server, request); // connections, plans, caches
            const measured = requests.slice(2);
            const counted = await countStatements(admin, database, logFile, async () => {
              for (const request of measured) await send(server, request);
            });
            result.statements[page] = counted.statements / measured.length;
            result.statementExamples[page] = counted.examples;
          }
        } finally {
          await stopProcess(counting);
        }
      }

      // 2. Timed runs, on an instance started as users start it.
      const running = await startServer(server, databaseUrl, log(''));
      try {
        const cursors = new Map<string, string>();
        let checked = 0;
        let agreed = 0;
        let firstDisagreement: string | undefined;
        pages: for (const page of serverPages) {
          const requests = await requestsFor(server, asks[page], sample, cursors);
          // Check answers before measuring: no errors, full related lists, and the same
          // articles as the gateway (whole answers for naive and raw, titles for PostGraphile).
          for (const [i, request] of requests.slice(0, 30).entries()) {
            const { status, body } = await send(server, request);
            const problem = problemWith(page, server, status, body);
            if (problem) {
              // A page that does not answer right is not measured (and says why); the rest go on.
              const note = `${page}: ${problem.slice(0, 160)}`;
              console.log(
                `${size} ${server.label}: ${page} not measured, the check failed: ${problem}\nrequest: ${request.path} ${request.body ?? ''}`,
              );
              result.note = result.note ? `${result.note}; ${note}` : note;
              continue pages;
            }
            if (page === 'mix' || page === 'search') continue;
            const key = `${page}:${i}`;
            if (name === 'gateway') {
              reference.set(key, canonical(body.data));
              referenceTitles.set(key, JSON.stringify(titles(body.data)));
            } else if (reference.has(key) && name !== 'gateway-cache') {
              checked++;
              const same =
                server.kind === 'postgraphile'
                  ? JSON.stringify(titles(body.data)) === referenceTitles.get(key)
                  : canonical(body.data) === reference.get(key);
              if (same) agreed++;
              else firstDisagreement ??= `${page} #${i}: ${request.path} ${request.body?.slice(-120) ?? ''}`;
            }
          }
          for (const c of connections) {
            process.stdout.write(`${size} ${server.label.padEnd(28)} ${page.padEnd(8)} c=${String(c).padEnd(3)} `);
            const cell = runLoad(server, running, requests, c);
            (result.cells[page] ??= {})[c] = cell;
            console.log(
              `${cell.rps.toFixed(0).padStart(6)} req/s  p50 ${cell.p50.toFixed(1).padStart(6)} ms  p99 ${cell.p99.toFixed(1).padStart(6)} ms` +
                `  cpu ${cell.cpuMsPerRequest?.toFixed(2) ?? '?'} ms/req  pg ${cell.pgCpuMsPerRequest?.toFixed(2) ?? '?'} ms/req` +
                `${cell.failures ? `  FAILURES ${cell.failures}` : ''}`,
            );
          }
        }
        if (checked > 0) result.agreement = { checked, agreed, first: firstDisagreement };
        result.peakRssMiB = peakRssMiB(running.serverPid());
      } finally {
        await stopProcess(running);
      }

      // 3. Where the gateway's time goes: a CPU profile under load (first size only).
      if (name === 'gateway' && sizeIndex === 0 && profileSeconds > 0) {
        const dir = path.join(outDir, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
        mkdirSync(dir, { recursive: true });
        // Node 20 refuses --cpu-prof in NODE_OPTIONS, so this instance is started the way
        // `npm start` (tsx src/main.ts) ends up running it, as one node process with the flag.
        const launch = server.launch(databaseUrl);
        const profiling: ServerDef = {
          ...server,
          launch: () => ({
            ...launch,
            command: process.execPath,
            args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'src/main.ts'],
          }),
        };
        const spawnedAt = Date.now();
        const profiled = await startServer(profiling, databaseUrl, log('-profile'));
        let window: { fromMs: number; toMs: number } | undefined;
        try {
          const page = flags['profile-page'] as Page;
          const requests = await requestsFor(
            server,
            asks[page] ?? asksFor(page, sample, seed, ASKS_PER_PAGE, searchDocument !== null),
            sample,
            new Map(),
          );
          const loadStart = Date.now();
          runLoad(server, profiled, requests, 10, profileSeconds, 1, 2);
          // The timed run is the last profileSeconds of the load (after the warm-up).
          window = { fromMs: Date.now() - spawnedAt - profileSeconds * 1000, toMs: Date.now() - spawnedAt };
          void loadStart;
        } finally {
          await stopProcess(profiled);
        }
        const files = readdirSync(dir)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => path.join(dir, f));
        profileFile = files.sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? null;
        if (profileFile) {
          profile = summarizeProfile(profileFile, 15, window);
          for (const other of files) if (other !== profileFile) rmSync(other);
        }
      }
    }
    await admin.end();
  }

  info.postgraphileNode = postgraphileNodeVersion(); // the run may have installed it
  const report = renderReport({ info, command, results, profile, profileFile, minutes: (Date.now() - startedAt) / 60000, activePages });
  console.log(`\n${report}`);
  writeFileSync(
    path.join(outDir, `results-${info.date.replace(/[:.]/g, '-')}.json`),
    JSON.stringify({ info, command, results, profile }, null, 2),
  );
  if (!flags['no-write']) {
    updateBenchmarksMd(report);
    console.log('\nWrote the harness section of BENCHMARKS.md.');
  }
}

// ---------------------------------------------------------------------------------------
// Report

const fmt = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? `${(a / b).toFixed(2)}×` : 'n/a');

interface ReportInput {
  info: ReturnType<typeof machine>;
  command: string;
  results: SizeResult[];
  profile: ProfileSummary | null;
  profileFile: string | null;
  minutes: number;
  activePages: Page[];
}

function renderReport({ info, command, results, profile, profileFile, minutes, activePages }: ReportInput): string {
  const out: string[] = [];
  out.push(`### Run of ${info.date.slice(0, 16).replace('T', ' ')} UTC`);
  out.push('');
  out.push('```sh');
  out.push(command);
  out.push('```');
  out.push('');
  out.push(
    `Machine: ${info.nproc} cores (${info.cpu}), Node ${info.node} (PostGraphile: Node ${info.postgraphileNode}), PostgreSQL ${info.postgres}; ` +
      `load average at start ${info.load.split(' ').slice(0, 3).join(' ')}; ` +
      `${info.taskset ? `server pinned to CPU ${SERVER_CPU}, load generator to CPU ${LOAD_CPU} (taskset; PostgreSQL unpinned)` : 'no taskset: nothing pinned'}. ` +
      `Whole run: ${minutes.toFixed(1)} min. Each cell: ${warmup} s warm-up, then the median of ${runs} × ${duration} s. ` +
      `Gateway, naive and raw servers from ${info.gateway}.`,
  );
  out.push('');
  out.push('```');
  out.push(info.free);
  out.push('```');
  for (const size of results) {
    out.push('');
    out.push(`#### ${sizeLabel(size.articles)} articles (\`${size.database}\`)`);
    out.push('');
    if (size.skipped) {
      out.push(`Not run: ${size.skipped}.`);
      continue;
    }
    const cols = size.connections;
    const cpuAt = cols.includes(10) ? 10 : cols[0];
    out.push(
      `| page | server | ${cols.map((c) => `c=${c} req/s | c=${c} p50 / p99 ms`).join(' | ')} | SQL stmts/req | server CPU ms/req (c=${cpuAt}) | PostgreSQL CPU ms/req (c=${cpuAt}) |`,
    );
    out.push(`|---|---|${cols.map(() => '---:|---:').join('|')}|---:|---:|---:|`);
    for (const page of activePages) {
      for (const [name, server] of Object.entries(size.servers) as [ServerName, ServerResult][]) {
        const cells = server.cells[page];
        if (!server.available) {
          if (page === activePages[0])
            out.push(`| all | ${SERVERS[name].label} | ${cols.map(() => 'n/a | n/a').join(' | ')} | n/a | n/a | n/a |`);
          continue;
        }
        if (!cells) {
          out.push(`| ${page} | ${SERVERS[name].label} | ${cols.map(() => '— | —').join(' | ')} | — | — | — |`);
          continue;
        }
        const cpuCol = cols.includes(10) ? 10 : cols[0]!;
        const fail = (c: Cell | undefined) => (c && c.failures ? ` ⚠${c.failures} failed` : '');
        out.push(
          `| ${page} | ${SERVERS[name].label} | ${cols.map((c) => `${fmt(cells[c]?.rps)}${fail(cells[c])} | ${fmt(cells[c]?.p50, 1)} / ${fmt(cells[c]?.p99, 1)}`).join(' | ')} | ` +
            `${page === 'mix' ? '—' : fmt(server.statements[page], 1)} | ${fmt(cells[cpuCol]?.cpuMsPerRequest, 2)} | ${fmt(cells[cpuCol]?.pgCpuMsPerRequest, 2)} |`,
        );
      }
    }
    out.push('');
    out.push(
      'Peak RSS (VmHWM of the serving process, MiB): ' +
        (Object.entries(size.servers) as [ServerName, ServerResult][])
          .map(([name, s]) => `${SERVERS[name].label} ${s.available ? fmt(s.peakRssMiB) : 'n/a'}`)
          .join('; ') +
        '.',
    );
    for (const [name, s] of Object.entries(size.servers) as [ServerName, ServerResult][]) {
      if (s.available && s.note) out.push('', `Not measured for ${SERVERS[name].label}: ${s.note}.`);
    }
    const agreements = (Object.entries(size.servers) as [ServerName, ServerResult][]).filter(([, s]) => s.agreement);
    if (agreements.length) {
      out.push('');
      out.push(
        'Answers checked against the gateway before measuring (naive, raw: whole answers without cursors; PostGraphile: the article titles, in order): ' +
          agreements
            .map(
              ([name, s]) =>
                `${SERVERS[name].label} ${s.agreement!.agreed}/${s.agreement!.checked}${s.agreement!.first ? ` (first difference: ${s.agreement!.first})` : ''}`,
            )
            .join('; ') +
          '.',
      );
    }
    // Ratios at 10 connections (or the first connection count).
    const c = cols.includes(10) ? 10 : cols[0]!;
    const g = size.servers.gateway;
    if (g?.available) {
      out.push('');
      out.push(`Ratios at c=${c} (req/s; p99 in brackets, lower is better for the gateway):`);
      out.push('');
      out.push('| page | gateway ÷ PostGraphile | gateway ÷ naive | gateway ÷ raw SQL | cache hit ÷ miss |');
      out.push('|---|---:|---:|---:|---:|');
      for (const page of activePages) {
        const gc = g.cells[page]?.[c];
        const other = (name: ServerName) => size.servers[name]?.cells[page]?.[c];
        const both = (name: ServerName) => {
          const o = other(name);
          return gc && o ? `${ratio(gc.rps, o.rps)} (p99 ${ratio(gc.p99, o.p99)})` : 'n/a';
        };
        out.push(
          `| ${page} | ${both('postgraphile')} | ${both('naive')} | ${both('raw')} | ${other('gateway-cache') && gc ? ratio(other('gateway-cache')!.rps, gc.rps) : 'n/a'} |`,
        );
      }
    }
  }
  // 1M ÷ 10k
  // The smallest and the largest corpus measured (10k and 1M by default; 100k when 1M is not there).
  const measured = results.filter((r) => !r.skipped).sort((a, b) => a.articles - b.articles);
  const small = measured[0];
  const large = measured.length > 1 ? measured.at(-1) : undefined;
  const growth: { page: Page; p50: string; p99: string; value: number | null }[] = [];
  if (small && large) {
    const c = large.connections.find((x) => small.connections.includes(x));
    out.push('');
    out.push(`#### Growth: ${sizeLabel(large.articles)} ÷ ${sizeLabel(small.articles)} latency, gateway (cache off), c=${c ?? 'n/a'}`);
    out.push('');
    out.push('| page | p50 | p99 | req/s |');
    out.push('|---|---:|---:|---:|');
    for (const page of activePages) {
      const a = c !== undefined ? small.servers.gateway?.cells[page]?.[c] : undefined;
      const b = c !== undefined ? large.servers.gateway?.cells[page]?.[c] : undefined;
      out.push(`| ${page} | ${ratio(b?.p50, a?.p50)} | ${ratio(b?.p99, a?.p99)} | ${ratio(b?.rps, a?.rps)} |`);
      growth.push({ page, p50: ratio(b?.p50, a?.p50), p99: ratio(b?.p99, a?.p99), value: a && b ? b.p50 / a.p50 : null });
    }
  }
  // Targets
  if (small) {
    const s = small.servers;
    const at10 = (name: ServerName, page: Page) => s[name]?.cells[page]?.[10];
    const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : '**missed**');
    const rows: string[] = [];
    for (const page of ['article', 'home'] as Page[]) {
      const g = at10('gateway', page);
      const p = at10('postgraphile', page);
      const ok = g && p ? g.rps >= 1.5 * p.rps && g.p99 <= p.p99 : null;
      rows.push(
        `| ≥ 1.5× PostGraphile req/s on ${page}, c=10, p99 no worse | ${g && p ? `${ratio(g.rps, p.rps)}; p99 ${fmt(g.p99, 1)} vs ${fmt(p.p99, 1)} ms` : 'n/a'} | ${verdict(ok)} |`,
      );
    }
    const gh = at10('gateway', 'home');
    const rh = at10('raw', 'home');
    rows.push(
      `| ≥ 40 % of raw-SQL req/s on home, c=10 | ${gh && rh ? `${((100 * gh.rps) / rh.rps).toFixed(0)} %` : 'n/a'} | ${verdict(gh && rh ? gh.rps >= 0.4 * rh.rps : null)} |`,
    );
    const st = s.gateway?.statements.article;
    rows.push(`| ≤ 4 SQL statements for the article page | ${fmt(st, 1)} | ${verdict(st === undefined ? null : st <= 4)} |`);
    const hit = at10('gateway-cache', 'article');
    const miss = at10('gateway', 'article');
    rows.push(
      `| cache hits ≥ 10× uncached (article, c=10) | ${hit && miss ? ratio(hit.rps, miss.rps) : 'n/a (no response cache yet)'} | ${verdict(hit && miss ? hit.rps >= 10 * miss.rps : null)} |`,
    );
    for (const page of ['article', 'search'] as Page[]) {
      const gr = growth.find((x) => x.page === page);
      const sizes = large
        ? `${sizeLabel(large.articles)} within 2× of ${sizeLabel(small.articles)}`
        : 'the largest size within 2× of the smallest';
      rows.push(
        `| ${page} latency at ${sizes} (p50, p99) | ${gr ? `${gr.p50}, ${gr.p99}` : 'n/a'} | ${verdict(gr?.value == null ? null : gr.value <= 2 && parseFloat(gr.p99) <= 2)} |`,
      );
    }
    out.push('');
    out.push(`#### Targets (gateway, cache off unless said; from this run)`);
    out.push('');
    out.push('| target | measured | |');
    out.push('|---|---|---|');
    out.push(...rows);
  }
  if (profile) {
    out.push('');
    out.push(
      `#### CPU profile of the gateway: ${flags['profile-page']} page, 10 connections, ${profileSeconds} s under load (\`node --cpu-prof\`)`,
    );
    out.push('');
    out.push(formatProfile(profile));
    if (profileFile) out.push('', `Profile file: \`${path.relative(root, profileFile)}\` (open in Chrome DevTools or speedscope).`);
  }
  return out.join('\n');
}

const START = '<!-- bench/run.ts: start -->';
const END = '<!-- bench/run.ts: end -->';

/** Rewrites the harness's own section of BENCHMARKS.md, keeping everything else. */
function updateBenchmarksMd(report: string) {
  const file = path.join(root, 'BENCHMARKS.md');
  const section = `${START}\n## Latest run of \`npm run bench\` (written by bench/run.ts)\n\n${report}\n${END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

await main();
