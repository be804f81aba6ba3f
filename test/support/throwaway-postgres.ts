/**
 * A PostgreSQL server of the test's own (`initdb` + `pg_ctl` in a temporary folder, on a free
 * port), for fault tests that freeze, stop or restart the database under a running gateway:
 * the machine's shared server must never be the one frozen. Run as user `postgres` when the
 * tests run as root (PostgreSQL refuses to run as root). `startStreamingReplica` makes a hot
 * standby of one (`pg_basebackup -R`), for the read-replica tests.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asPostgres, ownedByPostgres, psql } from '../../scripts/stack/engines.js';
import { eventually, freePort } from './timeouts.js';

export interface ThrowawayPostgres {
  port: number;
  /** The folder of the server's Unix socket (and of its data and log). */
  socketDir: string;
  /** The server's log so far (with `log_statement=all` in `settings`, every statement). */
  log(): string;
  /** A URL for `user` (default postgres) on `database` (default postgres). */
  url(options?: { user?: string; password?: string; database?: string }): string;
  /** Runs SQL as the superuser through psql. */
  sql(statement: string, database?: string): Promise<string>;
  /** SIGSTOP to the postmaster and every backend: the server keeps its sockets and answers nothing. */
  freeze(): Promise<void>;
  /** SIGCONT to the same processes. */
  thaw(): Promise<void>;
  /** `pg_ctl stop -m fast` / `start`: the server is gone, then back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const command = asPostgres;

export interface ThrowawayOptions {
  /** The superuser's password; with it, TCP connections must authenticate (scram-sha-256). */
  superuserPassword?: string;
  /** More server settings, `name=value` each (e.g. `log_statement=all`). */
  settings?: string[];
}

function prepareFolder(): { folder: string; dataDir: string } {
  const folder = mkdtempSync(path.join(tmpdir(), 'gateway-pg-'));
  ownedByPostgres(folder);
  return { folder, dataDir: path.join(folder, 'data') };
}

export async function startThrowawayPostgres({ superuserPassword, settings = [] }: ThrowawayOptions = {}): Promise<ThrowawayPostgres> {
  const { folder, dataDir } = prepareFolder();
  const initArgs = ['-D', dataDir, '-U', 'postgres', '--encoding=UTF8', '--locale=C.UTF-8', '--auth-local=trust'];
  if (superuserPassword) {
    const pwfile = path.join(folder, 'pwfile');
    writeFileSync(pwfile, superuserPassword);
    ownedByPostgres(pwfile);
    initArgs.push('--auth-host=scram-sha-256', `--pwfile=${pwfile}`);
  } else {
    initArgs.push('--auth-host=trust');
  }
  await command('initdb', initArgs);
  return runServer(folder, dataDir, settings, superuserPassword);
}

/**
 * A hot standby of `primary`, streaming from it: `pg_basebackup -R` (a base backup whose
 * configuration follows the primary) in a folder of its own, on a port of its own.
 */
export async function startStreamingReplica(
  primary: ThrowawayPostgres,
  { settings = [] }: ThrowawayOptions = {},
): Promise<ThrowawayPostgres> {
  const { folder, dataDir } = prepareFolder();
  await command('pg_basebackup', [
    '-h',
    primary.socketDir,
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dataDir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  return runServer(folder, dataDir, settings);
}

async function runServer(folder: string, dataDir: string, settings: string[], superuserPassword?: string): Promise<ThrowawayPostgres> {
  const port = await freePort();
  // Small and quick: no fsync (a test's data is thrown away), the socket in the folder.
  const options = [
    `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`,
    ...settings.map((setting) => `-c ${setting}`),
  ].join(' ');
  const start = () => command('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(folder, 'log'), '-w', '-t', '120', 'start']);
  await start();

  const pids = (): number[] => {
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return [postmaster, ...children];
  };
  const signalAll = (signal: NodeJS.Signals) => {
    for (const pid of pids()) {
      try {
        process.kill(pid, signal);
      } catch {
        // A backend that just ended.
      }
    }
  };

  const server: ThrowawayPostgres = {
    port,
    socketDir: folder,
    log: () => readFileSync(path.join(folder, 'log'), 'utf8'),
    url({ user = 'postgres', password = superuserPassword, database = 'postgres' } = {}) {
      const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
      return `postgresql://${auth}@127.0.0.1:${port}/${database}`;
    },
    sql: (statement, database = 'postgres') => psql(port, folder, statement, database),
    async freeze() {
      signalAll('SIGSTOP');
    },
    async thaw() {
      signalAll('SIGCONT');
    },
    async stop() {
      await command('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    },
    async start() {
      await start();
      await eventually(() => server.sql('SELECT 1'));
    },
    async destroy() {
      try {
        signalAll('SIGCONT');
        await command('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped.
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return server;
}
