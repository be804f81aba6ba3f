/**
 * The servers `npm run bench` measures: how each is started, asked and probed, and where the
 * gateway's code comes from (a clean checkout of one commit).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { startProcess, waitUntilReady, type Launch, type Running } from './processes.js';
import {
  gatewayBuilder,
  gatewaySearchDocument,
  postgraphileBuilder,
  rawBuilder,
  type HttpRequest,
  type RequestBuilder,
} from './workload.js';

export type ServerName = 'gateway' | 'gateway-node22' | 'gateway-cache' | 'postgraphile' | 'naive' | 'raw';
export const ALL_SERVERS: ServerName[] = ['gateway', 'gateway-node22', 'gateway-cache', 'postgraphile', 'naive', 'raw'];

export interface ServerDef {
  name: ServerName;
  label: string;
  port: number;
  kind: 'graphql' | 'postgraphile' | 'raw';
  launch(databaseUrl: string): Launch;
  /** Why it cannot run here, or null. */
  unavailable(): string | null;
  builder: RequestBuilder;
}

export type Server = Running & { databaseUrl: string };

/** The core servers are pinned to; the load generator gets the other one. */
export const SERVER_CPU = 1;
export const LOAD_CPU = 0;

/**
 * Where the gateway (and the naive and raw servers, which share its src/) run from: a clean
 * checkout of one commit, so that a colleague's half-saved file in the shared working tree
 * neither breaks the run nor gets measured.
 */
export function checkout(root: string, outDir: string, ref: string): { dir: string; label: string } {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (ref === 'working-tree') {
    build(root);
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
  if (!existsSync(path.join(dir, 'dist/main.js'))) build(dir);
  return { dir, label: `commit ${sha.slice(0, 12)} (${git('log', '-1', '--format=%s', sha).stdout.trim().slice(0, 80)})` };
}

/**
 * The gateway runs as it is deployed (README "Production build"): compiled by `npm run build`,
 * started as `node dist/main.js`. Through tsx it would carry a loader, its source maps and
 * ~95 MiB more RSS, which no production server has.
 */
function build(dir: string) {
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`npm run build failed in ${dir}`);
}

export interface ServerSetup {
  root: string;
  /** The gateway's checkout. */
  tree: string;
}

/** PostGraphile's folder, with its own lockfile and the `node@22` package as a dependency. */
export const postgraphileDir = (root: string) => path.join(root, 'bench/postgraphile');
/** The Node 22 binary of the `node` npm package PostGraphile depends on. */
export const node22 = (root: string) => path.join(postgraphileDir(root), 'node_modules/.bin/node');

/** Installs bench/postgraphile (and with it Node 22) on first use; why it failed, or null. */
function installPostgraphile(root: string): string | null {
  if (existsSync(node22(root))) return null;
  console.log('Installing PostGraphile and Node 22 (npm ci --prefix bench/postgraphile)…');
  const result = spawnSync('npm', ['ci', '--prefix', 'bench/postgraphile', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  return result.status === 0 && existsSync(node22(root)) ? null : 'npm ci --prefix bench/postgraphile failed';
}

/** The version of Node 22 the PostGraphile folder holds (installed on first use). */
export function node22Version(root: string): string {
  return existsSync(node22(root)) ? spawnSync(node22(root), ['--version'], { encoding: 'utf8' }).stdout.trim() : 'not installed';
}

/** The servers, and the gateway's search document (null when its schema has no search field). */
export function defineServers({ root, tree }: ServerSetup): { servers: Record<ServerName, ServerDef>; searchDocument: string | null } {
  const schemaSdl = readFileSync(path.join(tree, 'schema.graphql'), 'utf8');
  const searchDocument = gatewaySearchDocument(schemaSdl);
  const responseCacheSupported = /RESPONSE_CACHE/.test(readFileSync(path.join(tree, 'src/config.ts'), 'utf8'));
  const baseEnv = (port: number, databaseUrl: string) => ({
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
  });
  const tsxServer = (file: string, port: number) => (databaseUrl: string) => ({
    command: process.execPath,
    args: ['--import', 'tsx', file],
    cwd: tree,
    env: baseEnv(port, databaseUrl),
  });
  // The load generator is one client on one address: the per-client rate limit (600/min by
  // default) would turn most of its requests into 429s, so it is off for the benchmark.
  const gatewayEnv = (port: number, databaseUrl: string, cache: 'on' | 'off') => ({
    ...baseEnv(port, databaseUrl),
    RESPONSE_CACHE: cache,
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const gatewayLaunch = (port: number, cache: 'on' | 'off') => (databaseUrl: string) => ({
    // As a publisher runs it: `npm run start:prod` (node dist/main.js), with the environment
    // the README documents. Plain node, not npm, so the process measured is the server.
    command: process.execPath,
    args: ['dist/main.js'],
    cwd: tree,
    env: gatewayEnv(port, databaseUrl, cache),
  });
  const graphql = gatewayBuilder(searchDocument);
  const servers: Record<ServerName, ServerDef> = {
    gateway: {
      name: 'gateway',
      label: 'gateway (cache off)',
      port: 4101,
      kind: 'graphql',
      launch: gatewayLaunch(4101, 'off'),
      unavailable: () => null,
      builder: graphql,
    },
    'gateway-node22': {
      // The same code on the Node major PostGraphile runs on, so that a difference between
      // the gateway and PostGraphile can be told apart from a difference between Node 20 and
      // 22: the same production build (dist/main.js), run by Node 22.
      name: 'gateway-node22',
      label: 'gateway (cache off, Node 22)',
      port: 4106,
      kind: 'graphql',
      launch: (databaseUrl) => ({
        command: node22(root),
        args: ['dist/main.js'],
        cwd: tree,
        env: gatewayEnv(4106, databaseUrl, 'off'),
      }),
      unavailable: () => installPostgraphile(root),
      builder: graphql,
    },
    'gateway-cache': {
      name: 'gateway-cache',
      label: 'gateway (cache on)',
      port: 4105,
      kind: 'graphql',
      launch: gatewayLaunch(4105, 'on'),
      unavailable: () => (responseCacheSupported ? null : 'the gateway has no response cache yet (no RESPONSE_CACHE in src/config.ts)'),
      builder: graphql,
    },
    postgraphile: {
      name: 'postgraphile',
      label: 'PostGraphile v5',
      port: 4102,
      kind: 'postgraphile',
      launch: (databaseUrl) => ({
        command: node22(root),
        args: ['server.mjs'],
        cwd: postgraphileDir(root),
        env: { ...baseEnv(4102, databaseUrl), GRAPHILE_ENV: 'production' },
      }),
      unavailable: () => installPostgraphile(root),
      builder: postgraphileBuilder,
    },
    naive: {
      name: 'naive',
      label: 'naive (yoga + Prisma, N+1)',
      port: 4103,
      kind: 'graphql',
      launch: tsxServer('bench/naive/server.ts', 4103),
      unavailable: () => null,
      builder: gatewayBuilder(null),
    },
    raw: {
      name: 'raw',
      label: 'raw SQL (pg + node:http)',
      port: 4104,
      kind: 'raw',
      launch: tsxServer('bench/raw/server.ts', 4104),
      unavailable: () => null,
      builder: rawBuilder,
    },
  };
  return { servers, searchDocument };
}

// ---------------------------------------------------------------------------------------
// HTTP

export async function send(server: ServerDef, request: HttpRequest, attempt = 0): Promise<{ status: number; body: any }> {
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
export const appNameOf = (server: ServerDef) => `bench-${server.name}`;

export async function startServer(
  server: ServerDef,
  databaseUrl: string,
  logFile: string,
  extraEnv: Record<string, string> = {},
): Promise<Server> {
  const launch = server.launch(databaseUrl);
  const running = startProcess({ ...launch, env: { PGAPPNAME: appNameOf(server), ...launch.env, ...extraEnv } }, logFile, SERVER_CPU);
  await waitUntilReady(running, probe(server), 180_000, logFile);
  return { ...running, databaseUrl };
}
