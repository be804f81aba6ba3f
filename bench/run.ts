/**
 * `npm run bench`: this gateway side by side with PostGraphile v5, a naive N+1 baseline and
 * hand-written SQL over the raw pg driver, on the synthetic corpus at 10k and 1M articles.
 * See BENCHMARKS.md for what is measured and how; `npm run bench -- --help` for the flags.
 *
 * Per size: (1) each server alone, on an instance whose sessions log their statements and
 * plans: SQL statements per request and the plans PostgreSQL chose; (2) every server started
 * at once, and per page: answers checked, a warm-up per server, then rounds in which each
 * server takes its turn under load, so that a change in the machine's load touches all of
 * them alike; (3) a CPU profile of the gateway (first size only).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { problemWith, Reference, requestsFor } from './answers.js';
import { DEFAULT_POOL } from './bulk.js';
import { ensureDatabase, setupSqlFiles, SIZES, sizeOf, withClient } from './databases.js';
import { summarizePlans, formatScan, wideArticleScans } from './plans.js';
import { stopProcess, peakRssMiB, hasTaskset } from './processes.js';
import { formatProfile, summarizeProfile, type ProfileSummary } from './profile.js';
import { renderReport, summaryTable, updateBenchmarksMd, type MachineInfo, type ReportInput } from './report.js';
import {
  cellOf,
  conditionsOf,
  emptyServerResult,
  roundOrder,
  type RunResult,
  type ServerResult,
  type SizeResult,
  type Warmup,
} from './results.js';
import {
  ALL_SERVERS,
  appNameOf,
  checkout,
  defineServers,
  LOAD_CPU,
  node22Version,
  send,
  startServer,
  type Server,
  type ServerDef,
  type ServerName,
} from './servers.js';
import { countStatements, findServerLog, statementLogEnv } from './statements.js';
import { ALL_PAGES, asksFor, type Ask, type HttpRequest, type Page, type Sample, sampleWorkload } from './workload.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.bench');

const USAGE = `Usage: npm run bench -- [options]

  --sizes 10k,1m            corpora to run (databases bench_10k, bench_100k, bench_1m; created when missing or
                            made from other inputs: the first --pool articles by npm run seed, the rest in SQL)
  --articles 1000000        the same as --sizes, by article count (several: 10000,1000000)
  --pool 10000              articles written by the seed CLI; more are copied from them in SQL (bench/bulk.ts)
  --servers LIST            ${ALL_SERVERS.join(',')} (default: all)
  --pages LIST              article,home,tag,archive,search,mix (default: all; search only if schema.graphql has it)
  --connections 1,10,50     connection counts at the first size
  --connections-large 10    connection counts at the other sizes (default 10, to keep a run short)
  --duration 3              seconds per timed run
  --runs 3                  rounds per page and connection count: each server runs once per round, in turn
  --settle 1                seconds of unmeasured load before each timed run
  --warmup-requests 2000    requests each server answers per page before its first timed run
  --warmup-max-seconds 60   ... unless that takes longer than this (the report lists who fell short)
  --statement-requests 10   requests per page when counting SQL statements and logging plans (0: skip)
  --plans-only              only count statements and log plans (printed; BENCHMARKS.md is left alone)
  --allow-wide-scans        measure even when a server's plan for a page reads a tenth of "Article" or more
                            (the check that stops a run whose related lookup scans the whole table)
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
  --report-from FILE        measure nothing: render the report of an earlier run from its .bench/results-*.json
                            (and write it to BENCHMARKS.md unless --no-write)
  --help`;

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10k,1m' },
    articles: { type: 'string' },
    pool: { type: 'string', default: String(DEFAULT_POOL) },
    servers: { type: 'string', default: ALL_SERVERS.join(',') },
    pages: { type: 'string', default: ALL_PAGES.join(',') },
    connections: { type: 'string', default: '1,10,50' },
    'connections-large': { type: 'string', default: '10' },
    duration: { type: 'string', default: '3' },
    runs: { type: 'string', default: '3' },
    settle: { type: 'string', default: '1' },
    'warmup-requests': { type: 'string', default: '2000' },
    'warmup-max-seconds': { type: 'string', default: '60' },
    'statement-requests': { type: 'string', default: '10' },
    'plans-only': { type: 'boolean', default: false },
    'profile-seconds': { type: 'string', default: '10' },
    'profile-page': { type: 'string', default: 'article' },
    'database-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
    seed: { type: 'string', default: '8' },
    'gateway-ref': { type: 'string', default: 'HEAD' },
    'no-write': { type: 'boolean', default: false },
    'allow-partial': { type: 'boolean', default: false },
    'allow-wide-scans': { type: 'boolean', default: false },
    'prepare-only': { type: 'boolean', default: false },
    'report-from': { type: 'string' },
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
const sizes = flags.articles ? numbers(flags.articles).map(sizeOf) : list(flags.sizes);
for (const size of sizes) if (!(size in SIZES)) throw new Error(`unknown size ${size}; use ${Object.keys(SIZES).join(', ')}`);
const serverNames = list(flags.servers) as ServerName[];
for (const name of serverNames) if (!ALL_SERVERS.includes(name)) throw new Error(`unknown server ${name}; use ${ALL_SERVERS.join(', ')}`);
const pages = list(flags.pages) as Page[];
const settings = {
  duration: Number(flags.duration),
  runs: Number(flags.runs),
  settle: Number(flags.settle),
  warmupRequests: Number(flags['warmup-requests']),
  warmupMaxSeconds: Number(flags['warmup-max-seconds']),
  warmupConnections: 10,
};
const statementRequests = Number(flags['statement-requests']);
const profileSeconds = flags['plans-only'] ? 0 : Number(flags['profile-seconds']);
const seed = Number(flags.seed);
const baseUrl = flags['database-url'].replace(/\/+$/, '');
const ASKS_PER_PAGE = 500;

const gatewayTree = checkout(root, outDir, flags['gateway-ref']);
const tree = gatewayTree.dir;
const { servers: SERVERS, searchDocument } = defineServers({ root, tree });
const labels = Object.fromEntries(ALL_SERVERS.map((name) => [name, SERVERS[name].label])) as Record<ServerName, string>;
const databaseSetup = {
  baseUrl,
  tree,
  setupSql: setupSqlFiles(root),
  allowPartial: flags['allow-partial'],
  pool: Number(flags.pool),
};

// ---------------------------------------------------------------------------------------
// Load, through bench/load.mjs in its own process on the other core

function loadJob<T>(job: Record<string, unknown>): T {
  const jobFile = path.join(outDir, 'load-job.json');
  writeFileSync(jobFile, JSON.stringify(job));
  const loader = [process.execPath, path.join(root, 'bench/load.mjs'), jobFile];
  const [command, ...args] = hasTaskset ? ['taskset', '-c', String(LOAD_CPU), ...loader] : loader;
  const result = spawnSync(command!, args, { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (result.status !== 0) throw new Error(`load generator failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as T;
}

const target = (server: ServerDef, requests: HttpRequest[], connections: number) => ({
  url: `http://127.0.0.1:${server.port}`,
  requests,
  connections,
});

function warmUp(server: ServerDef, requests: HttpRequest[], minRequests = settings.warmupRequests): Warmup {
  return loadJob<Warmup>({
    mode: 'warmup',
    ...target(server, requests, settings.warmupConnections),
    minRequests,
    maxSeconds: settings.warmupMaxSeconds,
  });
}

function timedRun(
  server: ServerDef,
  running: Server,
  requests: HttpRequest[],
  connections: number,
  round: number,
  seconds = settings.duration,
) {
  const result = loadJob<Omit<RunResult, 'round'>>({
    mode: 'run',
    ...target(server, requests, connections),
    duration: seconds,
    settle: settings.settle,
    serverPids: running.pids(),
    databaseUrl: running.databaseUrl,
    appName: appNameOf(server),
  });
  return { ...result, round };
}

const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

// ---------------------------------------------------------------------------------------
// The phases of one size

interface SizeContext {
  size: string;
  database: string;
  databaseUrl: string;
  sample: Sample;
  asks: Record<Page, Ask[]>;
  activePages: Page[];
  result: SizeResult;
  log: (name: ServerName, suffix: string) => string;
}

const pagesOf = (server: ServerDef, ctx: SizeContext) =>
  ctx.activePages.filter((page) => page !== 'search' || server.builder({ page: 'search', query: 'x' }, ctx.sample) !== null);

/** (1) SQL statements per request and the plans behind them, one server at a time. */
async function countAndExplain(ctx: SizeContext, available: ServerDef[], admin: pg.Client) {
  const logFile = statementRequests > 0 ? await findServerLog(admin) : null;
  if (statementRequests > 0 && !logFile) {
    console.log('The PostgreSQL log is not readable here: statements are not counted and plans not logged.');
    return;
  }
  if (!logFile) return;
  const planDir = path.join(outDir, 'plans', `${new Date().toISOString().replace(/[:.]/g, '-')}-${ctx.size}`);
  mkdirSync(planDir, { recursive: true });
  ctx.result.planDir = planDir;
  for (const server of available) {
    const result = ctx.result.servers[server.name]!;
    const counting = await startServer(server, ctx.databaseUrl, ctx.log(server.name, '-statements'), statementLogEnv);
    try {
      const cursors = new Map<string, string>();
      for (const page of pagesOf(server, ctx).filter((p) => p !== 'mix')) {
        const requests = await requestsFor(server, ctx.asks[page].slice(0, statementRequests + 2), ctx.sample, cursors);
        for (const request of requests.slice(0, 2)) await send(server, request); // connections, plans, caches
        const measured = requests.slice(2);
        const counted = await countStatements(admin, ctx.database, logFile, async () => {
          for (const request of measured) await send(server, request);
        });
        result.statements[page] = counted.statements / measured.length;
        result.statementExamples[page] = counted.examples;
        const plans = summarizePlans(counted.plans, measured.length);
        plans.wideArticleScans = wideArticleScans(counted.plans, ctx.result.articles);
        result.plans[page] = plans;
        writeFileSync(
          path.join(planDir, `${server.name}-${page}.txt`),
          `${server.label}, ${page} page, ${measured.length} requests one at a time on ${ctx.database}\n\n` +
            `Statements sent:\n${counted.examples.map((e) => `  ${e}`).join('\n')}\n\n${counted.plans.join('\n\n')}\n`,
        );
        console.log(
          `${ctx.size} ${server.label.padEnd(30)} ${page.padEnd(8)} ${result.statements[page]!.toFixed(1)} stmts/req; ` +
            `${counted.background ? `(${counted.background} of the outbox poller's left out) ` : ''}plans ${plans.plansPerRequest.toFixed(1)}/req, slowest ${plans.slowestMs.toFixed(1)} ms; largest scan ${formatScan(plans.largestScan)}`,
        );
        for (const scan of plans.wideArticleScans) console.log(`  WIDE SCAN OF "Article": ${formatScan(scan)}`);
      }
    } finally {
      await stopProcess(counting);
    }
  }
  console.log(`Plans written to ${path.relative(root, planDir)}/`);
  // A competitor whose article page reads the whole Article table for its related lookup
  // makes every ratio against it a measure of that plan (issue 15: the 1.29x "lead"). Other
  // pages' wide scans are printed above and in the report's plans table; the naive server is
  // meant to be naive.
  const wide = available
    .filter((server) => server.name !== 'naive')
    .flatMap((server) =>
      (ctx.result.servers[server.name]!.plans.article?.wideArticleScans ?? []).map((scan) => `${server.label}: ${formatScan(scan)}`),
    );
  if (wide.length && !flags['allow-wide-scans'])
    throw new Error(
      `article-page plans that read a tenth of "Article" or more (${ctx.result.articles} articles), see ${path.relative(root, planDir)}:\n  ${wide.join('\n  ')}\n` +
        'fix the setup (bench/postgraphile/setup.sql, bench/raw/server.ts) or pass --allow-wide-scans',
    );
  console.log(`Checked: no article-page plan of ${available.map((s) => s.label).join(', ')} reads a tenth of "Article" or more.`);
}

interface Participant {
  server: ServerDef;
  running: Server;
  requests: HttpRequest[];
}

/**
 * Checks a server's first 30 answers to a page: no errors, full related lists, and the same
 * articles as the gateway. Returns false (with a note on the server) when the page is not
 * measured for it.
 */
async function checkAnswers(server: ServerDef, page: Page, requests: HttpRequest[], reference: Reference, result: ServerResult) {
  for (const [i, request] of requests.slice(0, 30).entries()) {
    const { status, body } = await send(server, request);
    const problem = problemWith(page, server, status, body);
    if (problem) {
      // A page that does not answer right is not measured (and says why); the rest go on.
      const note = `${page}: ${problem.slice(0, 160)}`;
      console.log(`${server.label}: ${page} not measured, the check failed: ${problem}\nrequest: ${request.path} ${request.body ?? ''}`);
      result.note = result.note ? `${result.note}; ${note}` : note;
      return false;
    }
    if (page === 'mix' || page === 'search') continue;
    const key = `${page}:${i}`;
    if (server.name === 'gateway') reference.record(key, body.data);
    else if (server.name !== 'gateway-cache') {
      const same = reference.agrees(key, server, body.data);
      if (same === null) continue;
      const agreement = (result.agreement ??= { checked: 0, agreed: 0 });
      agreement.checked++;
      if (same) agreement.agreed++;
      else agreement.first ??= `${page} #${i}: ${request.path} ${request.body?.slice(-120) ?? ''}`;
    }
  }
  return true;
}

/** (2) Every page, every server in turn, rounds interleaved. */
async function measure(ctx: SizeContext, running: Map<ServerName, Server>, available: ServerDef[]) {
  const reference = new Reference();
  const cursors = new Map<ServerName, Map<string, string>>();
  for (const page of ctx.activePages) {
    const participants: Participant[] = [];
    for (const server of available) {
      if (!pagesOf(server, ctx).includes(page)) continue;
      const result = ctx.result.servers[server.name]!;
      const serverCursors = cursors.get(server.name) ?? new Map<string, string>();
      cursors.set(server.name, serverCursors);
      const requests = await requestsFor(server, ctx.asks[page], ctx.sample, serverCursors);
      if (await checkAnswers(server, page, requests, reference, result)) {
        participants.push({ server, running: running.get(server.name)!, requests });
      }
    }
    for (const { server, requests } of participants) {
      const warm = warmUp(server, requests);
      ctx.result.servers[server.name]!.warmup[page] = warm;
      console.log(`${ctx.size} ${page} warm-up ${server.label}: ${warm.requests} requests in ${warm.seconds.toFixed(0)} s`);
    }
    for (const c of ctx.result.connections) {
      const load1Start = loadAverage();
      const runs = new Map<ServerName, RunResult[]>();
      for (let round = 0; round < settings.runs; round++) {
        // The order rotates each round, so that no server always follows the same one.
        const order = roundOrder(participants, round);
        for (const { server, running: r, requests } of order) {
          const run = timedRun(server, r, requests, c, round);
          runs.set(server.name, [...(runs.get(server.name) ?? []), run]);
          const k = run.conditions;
          console.log(
            `${ctx.size} ${page.padEnd(8)} c=${String(c).padEnd(3)} round ${round + 1}/${settings.runs} ${server.label.padEnd(30)}` +
              `${run.rps.toFixed(0).padStart(6)} req/s  p50 ${run.p50.toFixed(1).padStart(6)}  p99 ${run.p99.toFixed(1).padStart(6)} ms` +
              `  cpu ${run.cpuMsPerRequest?.toFixed(2) ?? '?'}  pg ${run.pgCpuMsPerRequest?.toFixed(2) ?? '?'} ms/req` +
              `  load ${k.load1[1].toFixed(1)}  others ${k.othersCpuShare === null ? '?' : (100 * k.othersCpuShare).toFixed(0)} %` +
              `${run.errors + run.timeouts + run.non2xx ? `  FAILURES ${run.errors + run.timeouts + run.non2xx}` : ''}`,
          );
        }
      }
      const all = [...runs.values()].flat();
      (ctx.result.conditions[page] ??= {})[c] = conditionsOf(all, load1Start, loadAverage());
      for (const [name, serverRuns] of runs) (ctx.result.servers[name]!.cells[page] ??= {})[c] = cellOf(serverRuns);
    }
  }
}

/** (3) Where the gateway's time goes: a CPU profile under load. */
async function profileGateway(ctx: SizeContext): Promise<{ profile: ProfileSummary | null; file: string | null }> {
  const server = SERVERS.gateway;
  const dir = path.join(outDir, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  // Node 20 refuses --cpu-prof in NODE_OPTIONS: the flag goes before the production build's
  // entry point (the gateway's launch is `node dist/main.js`).
  const launch = server.launch(ctx.databaseUrl);
  const profiling: ServerDef = {
    ...server,
    launch: () => ({ ...launch, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...launch.args] }),
  };
  const spawnedAt = Date.now();
  const profiled = await startServer(profiling, ctx.databaseUrl, ctx.log('gateway', '-profile'));
  let window: { fromMs: number; toMs: number } | undefined;
  try {
    const page = flags['profile-page'] as Page;
    const asks = ctx.asks[page] ?? asksFor(page, ctx.sample, seed, ASKS_PER_PAGE, searchDocument !== null);
    const requests = await requestsFor(server, asks, ctx.sample, new Map());
    warmUp(server, requests);
    timedRun(server, profiled, requests, 10, 0, profileSeconds);
    // The profile summarized is the timed run: the last profileSeconds of the load.
    window = { fromMs: Date.now() - spawnedAt - profileSeconds * 1000, toMs: Date.now() - spawnedAt };
  } finally {
    await stopProcess(profiled);
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
  const file = files.sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? null;
  if (!file) return { profile: null, file: null };
  for (const other of files) if (other !== file) rmSync(other);
  return { profile: summarizeProfile(file, 15, window), file };
}

// ---------------------------------------------------------------------------------------
// Main

function machine(): MachineInfo {
  const pgVersion = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'SHOW server_version'], {
    encoding: 'utf8',
  }).stdout.trim();
  return {
    date: new Date().toISOString(),
    nproc: spawnSync('nproc', { encoding: 'utf8' }).stdout.trim() || String(cpus().length),
    cpu: cpus()[0]?.model ?? '?',
    free: spawnSync('free', ['-h'], { encoding: 'utf8' }).stdout.trimEnd() || `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    node22: node22Version(root),
    postgres: pgVersion,
    load: readFileSync('/proc/loadavg', 'utf8').trim(),
    gateway: gatewayTree.label,
    taskset: hasTaskset,
  };
}

async function runSize(size: string, sizeIndex: number, activePages: Page[], results: SizeResult[]) {
  const articles = SIZES[size]!;
  const database = `bench_${size}`;
  const connections = numbers(sizeIndex === 0 ? flags.connections : flags['connections-large']);
  const result: SizeResult = { size, database, articles, connections, servers: {}, conditions: {} };
  results.push(result);
  const ready = await ensureDatabase(databaseSetup, database, articles);
  if ('skip' in ready) {
    console.log(`Skipping ${size}: ${ready.skip}`);
    result.skipped = ready.skip;
    return null;
  }
  result.articles = ready.count;
  const databaseUrl = `${baseUrl}/${database}`;
  const sample = await withClient(databaseUrl, (c) => sampleWorkload(c, seed));
  const asks = Object.fromEntries(
    activePages.map((page, i) => [page, asksFor(page, sample, seed * 100 + i, ASKS_PER_PAGE, searchDocument !== null)]),
  ) as Record<Page, Ask[]>;
  const ctx: SizeContext = {
    size,
    database,
    databaseUrl,
    sample,
    asks,
    activePages,
    result,
    log: (name, suffix) => path.join(outDir, 'logs', `${size}-${name}${suffix}.log`),
  };

  // The gateway first: its answers are the reference the others are checked against.
  const available: ServerDef[] = [];
  for (const name of ALL_SERVERS.filter((n) => serverNames.includes(n))) {
    const server = SERVERS[name];
    const reason = server.unavailable();
    if (reason) console.log(`${size} ${server.label}: n/a — ${reason}`);
    else available.push(server);
    result.servers[name] = emptyServerResult(!reason, reason ?? undefined);
  }

  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await countAndExplain(ctx, available, admin);
  } finally {
    await admin.end();
  }
  if (flags['plans-only']) return ctx;

  const running = new Map<ServerName, Server>();
  try {
    for (const server of available) running.set(server.name, await startServer(server, databaseUrl, ctx.log(server.name, '')));
    await measure(ctx, running, available);
    console.log(`\n${size}, ${result.articles} articles:\n${summaryTable(result, activePages).join('\n')}\n`);
    for (const [name, r] of running) result.servers[name]!.peakRssMiB = peakRssMiB(r.serverPid());
  } finally {
    for (const r of running.values()) await stopProcess(r);
  }
  return ctx;
}

/** The report of an earlier run, from the JSON it saved. */
function reportFrom(file: string) {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Omit<ReportInput, 'root' | 'labels' | 'activePages'> & {
    activePages?: Page[];
  };
  const measured = new Set(saved.results.flatMap((size) => Object.values(size.servers).flatMap((server) => Object.keys(server!.cells))));
  const report = renderReport({
    ...saved,
    root,
    labels,
    profileFile: saved.profileFile ?? null,
    profilePage: saved.profilePage ?? 'article',
    profileSeconds: saved.profileSeconds ?? 0,
    activePages: saved.activePages ?? ALL_PAGES.filter((page) => measured.has(page)),
  });
  console.log(report);
  if (!flags['no-write']) {
    updateBenchmarksMd(root, report);
    console.log('\nWrote the harness section of BENCHMARKS.md.');
  }
}

async function main() {
  if (flags['report-from']) return reportFrom(flags['report-from']);
  if (flags['prepare-only']) {
    for (const size of sizes) {
      const ready = await ensureDatabase(databaseSetup, `bench_${size}`, SIZES[size]!);
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
    const ctx = await runSize(size, sizeIndex, activePages, results);
    if (ctx && sizeIndex === 0 && profileSeconds > 0 && serverNames.includes('gateway')) {
      ({ profile, file: profileFile } = await profileGateway(ctx));
      if (profile) console.log(formatProfile(profile));
    }
  }

  if (flags['plans-only']) return; // printed as they were logged
  info.node22 = node22Version(root); // the run may have installed it
  const input: ReportInput = {
    root,
    info,
    command,
    results,
    labels,
    settings,
    profile,
    profileFile,
    profilePage: flags['profile-page'],
    profileSeconds,
    minutes: (Date.now() - startedAt) / 60000,
    activePages,
  };
  const report = renderReport(input);
  console.log(`\n${report}`);
  const { root: _root, labels: _labels, ...saved } = input;
  writeFileSync(path.join(outDir, `results-${info.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(saved, null, 2));
  if (!flags['no-write'] && !flags['plans-only']) {
    updateBenchmarksMd(root, report);
    console.log('\nWrote the harness section of BENCHMARKS.md.');
  }
}

await main();
