/**
 * The engines of the local topology (docs/deployment.md) as child processes of ours: Varnish
 * with the repository's VCL, redis-server, the gateway, a PostgreSQL primary with a streaming
 * replica, PgBouncer. `npm run stack` (scripts/stack.ts), the topology tests, the tests'
 * support (free ports, psql as the superuser, throwaway servers) and bench/topology.ts start
 * them here: one module, so that the stack and the tests run the engines the same way. Each `stop()` ends the process it started, by its pid.
 *
 * PostgreSQL refuses to run as root, and Varnish's worker drops to its own user: as root,
 * PostgreSQL runs as `postgres` (runuser) and the folders are made readable to them.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;
/** A command-line tool run to completion (initdb, pg_basebackup on a loaded machine); TEST_TIMEOUT_SCALE stretches it as it does the tests' bounds. */
const COMMAND_MS = 240_000 * Math.max(1, Number(process.env.TEST_TIMEOUT_SCALE) || 1);

export interface Engine {
  name: string;
  /** Where it listens, as a client would name it. */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A TCP port the OS says is free on loopback (for engines that must be told their port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Polls `check` every 50 ms until it returns true, or throws `what` after `timeoutMs`; an
 * error `check` throws ends the wait at once (the engine exited).
 */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** SIGTERM to the child we started, SIGKILL if it is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const exited = exitOf(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function spawnLogged(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const write = (chunk: Buffer) => writeFileSync(logFile, chunk, { flag: 'a' });
  child.stdout!.on('data', write);
  child.stderr!.on('data', write);
  return child;
}

/** A folder the engines' own users can read (Varnish's worker, postgres). */
export function makeWorkFolder(prefix: string, under = tmpdir()): string {
  mkdirSync(under, { recursive: true });
  const folder = mkdtempSync(path.join(under, prefix));
  chmodSync(folder, 0o755);
  return folder;
}

// ---------------------------------------------------------------- Varnish

/** The `gateway-backends.vcl` for gateway processes on these loopback ports. */
export function backendsVcl(ports: number[]): string {
  const backends = ports.map(
    (port, index) => `backend gateway${index + 1} {
  .host = "127.0.0.1";
  .port = "${port}";
  .probe = gateway_ready;
  .connect_timeout = 1s;
  .first_byte_timeout = 30s;
  .between_bytes_timeout = 30s;
}
`,
  );
  const adds = ports.map((_, index) => `  gateways.add_backend(gateway${index + 1});`).join('\n');
  return `${backends.join('\n')}\nsub vcl_init {\n  new gateways = directors.round_robin();\n${adds}\n}\n`;
}

export interface VarnishEngine extends Engine {
  /** What EDGE_PURGE_URLS names. */
  purgeUrl: string;
  folder: string;
}

/** varnishd in the foreground with deploy/varnish/gateway.vcl, a -n workdir of its own. */
export async function startVarnish({ gatewayPorts, port = 0, under }: { gatewayPorts: number[]; port?: number; under?: string }) {
  const folder = makeWorkFolder('varnish-', under);
  mkdirSync(path.join(folder, 'vcl'));
  writeFileSync(path.join(folder, 'vcl', 'gateway-backends.vcl'), backendsVcl(gatewayPorts));
  const listen = port || (await freePort());
  const logFile = path.join(folder, 'varnishd.log');
  // Small: one thread pool, a little shared memory log; -T none: no management port.
  const child = spawnLogged(
    'varnishd',
    [
      '-F',
      '-n',
      path.join(folder, 'n'),
      '-a',
      `127.0.0.1:${listen}`,
      '-T',
      'none',
      '-f',
      path.join(projectRoot, 'deploy/varnish/gateway.vcl'),
      '-p',
      `vcl_path=${path.join(folder, 'vcl')}:${path.join(projectRoot, 'deploy/varnish')}`,
      '-s',
      'malloc,256m',
      '-p',
      'thread_pools=1',
      '-p',
      'thread_pool_min=10',
      '-p',
      'vsl_space=1M',
    ],
    logFile,
  );
  const url = `http://127.0.0.1:${listen}`;
  try {
    await waitFor('varnishd', async () => {
      if (child.exitCode !== null) throw new Error(`varnishd exited:\n${readFileSync(logFile, 'utf8')}`);
      const response = await fetch(url, { method: 'PURGE', headers: { 'xkey-purge': 'none:none' } }).catch(() => null);
      return response?.status === 200;
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name: 'Varnish',
    url,
    purgeUrl: `${url}/`,
    folder,
    pid: child.pid!,
    async stop() {
      await stopChild(child);
      rmSync(folder, { recursive: true, force: true });
    },
  } satisfies VarnishEngine;
}

// ---------------------------------------------------------------- Redis

export async function startRedis({ port = 0 }: { port?: number } = {}): Promise<Engine> {
  const listen = port || (await freePort());
  const child = spawn('redis-server', ['--port', String(listen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await waitFor('redis-server', async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} (port ${listen} in use?)`);
    const answer = await run('redis-cli', ['-p', String(listen), 'ping'], { timeout: 5000 }).catch(() => null);
    return answer?.stdout.trim() === 'PONG';
  });
  return { name: 'Redis', url: `redis://127.0.0.1:${listen}`, pid: child.pid!, stop: () => stopChild(child) };
}

// ---------------------------------------------------------------- the gateway

export interface GatewayEngine extends Engine {
  port: number;
  output(): string;
}

/** `src/main.ts` in its own Node process; resolves once it listens (its "GraphQL … at" line, logged at info: LOG_LEVEL must keep it). */
export async function startGateway(name: string, env: Record<string, string>, timeoutMs = 300_000): Promise<GatewayEngine> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  let url = '';
  try {
    await waitFor(
      name,
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
        url = /GraphQL and GraphiQL at (http:\/\/[^\s"]+)/.exec(output)?.[1] ?? '';
        return url !== '';
      },
      timeoutMs,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name,
    url,
    port: Number(new URL(url).port),
    pid: child.pid!,
    output: () => output,
    stop: () => stopChild(child, 20_000),
  };
}

// ---------------------------------------------------------------- PostgreSQL

/** Runs a PostgreSQL tool as the user `postgres` when we are root (PostgreSQL refuses to run as root). */
export function asPostgres(file: string, args: string[]) {
  return asRoot
    ? run('runuser', ['-u', 'postgres', '--', file, ...args], { timeout: COMMAND_MS })
    : run(file, args, { timeout: COMMAND_MS });
}

/** As root: hands `target` to the user `postgres` (its data, socket and log folders). */
export function ownedByPostgres(target: string) {
  if (!asRoot) return;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('no user postgres on this machine: PostgreSQL needs one to run as');
  const [, , uid, gid] = line.split(':');
  chownSync(target, Number(uid), Number(gid));
}

async function pgStart(dataDir: string, port: number, socketDir: string): Promise<Engine & { port: number }> {
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  await asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', `${dataDir}.log`, '-w', '-t', '120', 'start']);
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    name: 'PostgreSQL',
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    pid,
    async stop() {
      await asPostgres('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
    },
  };
}

/**
 * A primary (initdb, trust on loopback, replication allowed) and a streaming replica of it
 * (`pg_basebackup -R`: the copy starts as a standby that follows the primary), in `folder`.
 */
export async function startPrimaryAndReplica({
  folder,
  primaryPort = 0,
  replicaPort = 0,
}: {
  folder: string;
  primaryPort?: number;
  replicaPort?: number;
}) {
  ownedByPostgres(folder);
  const primaryDir = path.join(folder, 'primary');
  const replicaDir = path.join(folder, 'replica');
  await asPostgres('initdb', ['-D', primaryDir, '-U', 'postgres', '--encoding=UTF8', '--locale=C.UTF-8', '--auth=trust']);
  const primary = await pgStart(primaryDir, primaryPort || (await freePort()), folder);
  try {
    await asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
    ]);
    const replica = await pgStart(replicaDir, replicaPort || (await freePort()), folder);
    return { primary: { ...primary, name: 'PostgreSQL primary' }, replica: { ...replica, name: 'PostgreSQL replica (streaming)' } };
  } catch (error) {
    await primary.stop();
    throw error;
  }
}

/** Runs SQL on a server through psql, as the superuser. */
export async function psql(port: number, socketDir: string, sql: string, database = 'postgres'): Promise<string> {
  const { stdout } = await asPostgres('psql', [
    '-h',
    socketDir,
    '-p',
    String(port),
    '-U',
    'postgres',
    '-d',
    database,
    '-XAtq',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    sql,
  ]);
  return stdout.trim();
}

// ---------------------------------------------------------------- PgBouncer

export interface PgBouncerOptions {
  /** Its files go in a folder of their own under this one. */
  folder: string;
  port?: number;
  /** The server database behind each name clients connect with: `{ news: 'postgresql://postgres@127.0.0.1:4433/news' }`. */
  databases: Record<string, string>;
  /** Any other name goes to the database of that name on this server (PgBouncer's `*` fallback). */
  fallbackServer?: string;
  poolMode?: 'transaction' | 'session';
  /** Server connections per database and user (`default_pool_size`). */
  poolSize?: number;
  maxClientConnections?: number;
  /** Startup parameters dropped instead of refused (`ignore_startup_parameters`). */
  ignoreStartupParameters?: string[];
}

/** libpq connection words for a server URL; `withDatabase` false for the `*` fallback. */
function serverConnection(url: string, withDatabase = true): string {
  const server = new URL(url);
  const password = decodeURIComponent(server.password);
  return [
    `host=${server.hostname || '127.0.0.1'}`,
    `port=${server.port || 5432}`,
    `user=${decodeURIComponent(server.username) || 'postgres'}`,
    ...(password ? [`password=${password}`] : []),
    ...(withDatabase ? [`dbname=${decodeURIComponent(server.pathname.slice(1))}`] : []),
  ].join(' ');
}

/** pgbouncer.ini (and its userlist) in `dir`; trust on loopback, the users the URLs name. */
export function writePgBouncerConfig(dir: string, listen: number, options: Omit<PgBouncerOptions, 'folder' | 'port'>): string {
  const {
    databases,
    fallbackServer,
    poolMode = 'transaction',
    poolSize = 20,
    maxClientConnections = 500,
    ignoreStartupParameters = [],
  } = options;
  const urls = [...Object.values(databases), ...(fallbackServer ? [fallbackServer] : [])];
  const users = [...new Set(urls.map((url) => decodeURIComponent(new URL(url).username) || 'postgres'))];
  writeFileSync(path.join(dir, 'userlist.txt'), users.map((user) => `"${user}" ""\n`).join(''));
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      ...Object.entries(databases).map(([name, url]) => `${name} = ${serverConnection(url)}`),
      ...(fallbackServer ? [`* = ${serverConnection(fallbackServer, false)}`] : []),
      '',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${listen}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      `pool_mode = ${poolMode}`,
      `max_client_conn = ${maxClientConnections}`,
      `default_pool_size = ${poolSize}`,
      ...(ignoreStartupParameters.length > 0 ? [`ignore_startup_parameters = ${ignoreStartupParameters.join(',')}`] : []),
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  return ini;
}

/**
 * PgBouncer (1.18) in front of `databases`, in transaction pooling mode unless told otherwise.
 * It refuses startup parameters it does not know, and a gateway without
 * DATABASE_POOLER=pgbouncer sends `options` (jit=off) and `statement_timeout`: list them in
 * `ignoreStartupParameters` for such a gateway, and give the database those as defaults
 * (`ALTER DATABASE … SET`, as `npm run stack` does). `url` is the first database's.
 */
export async function startPgBouncer({ folder, port = 0, ...options }: PgBouncerOptions) {
  const listen = port || (await freePort());
  // Its own folder, writable by the user it runs as (it refuses to run as root): its log goes there.
  const dir = makeWorkFolder('pgbouncer-', folder);
  ownedByPostgres(dir);
  const ini = writePgBouncerConfig(dir, listen, options);
  const logFile = path.join(dir, 'pgbouncer.log');
  const child = asRoot
    ? spawn('runuser', ['-u', 'postgres', '--', 'pgbouncer', ini], { stdio: 'ignore' })
    : spawn('pgbouncer', [ini], { stdio: 'ignore' });
  const urlFor = (database: string) => {
    const url = new URL(Object.values(options.databases)[0] ?? options.fallbackServer!);
    url.host = `127.0.0.1:${listen}`;
    url.pathname = `/${database}`;
    return url.toString();
  };
  const url = urlFor(Object.keys(options.databases)[0] ?? 'postgres');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  try {
    await waitFor('pgbouncer', async () => {
      if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}:\n${log()}`);
      const answer = await run('psql', [url, '-XAtqc', 'SELECT 1'], { timeout: 5000 }).catch(() => null);
      return answer?.stdout.trim() === '1';
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name: `PgBouncer (${options.poolMode ?? 'transaction'} pooling)`,
    url,
    urlFor,
    port: listen,
    log,
    pid: child.pid!,
    stop: () => stopChild(child),
  } satisfies Engine & { port: number; urlFor(database: string): string; log(): string };
}
