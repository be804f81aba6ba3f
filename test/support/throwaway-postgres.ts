/**
 * A PostgreSQL server of the test's own (`initdb` + `pg_ctl` in a temporary folder, on a free
 * port), for fault tests that freeze, stop or restart the database under a running gateway:
 * the machine's shared server must never be the one frozen. Run as user `postgres` when the
 * tests run as root (PostgreSQL refuses to run as root).
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { COMMAND_MS, eventually, freePort } from './timeouts.js';

const run = promisify(execFile);

export interface ThrowawayPostgres {
  port: number;
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

const asRoot = process.getuid?.() === 0;

function command(file: string, args: string[]) {
  return asRoot
    ? run('runuser', ['-u', 'postgres', '--', file, ...args], { timeout: COMMAND_MS })
    : run(file, args, { timeout: COMMAND_MS });
}

export interface ThrowawayOptions {
  /** The superuser's password; with it, TCP connections must authenticate (scram-sha-256). */
  superuserPassword?: string;
}

export async function startThrowawayPostgres({ superuserPassword }: ThrowawayOptions = {}): Promise<ThrowawayPostgres> {
  const folder = mkdtempSync(path.join(tmpdir(), 'gateway-pg-'));
  const dataDir = path.join(folder, 'data');
  if (asRoot) chownSync(folder, uidOf('postgres'), gidOf('postgres'));
  const initArgs = ['-D', dataDir, '-U', 'postgres', '--encoding=UTF8', '--locale=C.UTF-8', '--auth-local=trust'];
  if (superuserPassword) {
    const pwfile = path.join(folder, 'pwfile');
    writeFileSync(pwfile, superuserPassword);
    if (asRoot) chownSync(pwfile, uidOf('postgres'), gidOf('postgres'));
    initArgs.push('--auth-host=scram-sha-256', `--pwfile=${pwfile}`);
  } else {
    initArgs.push('--auth-host=trust');
  }
  await command('initdb', initArgs);
  const port = await freePort();
  // Small and quick: no fsync (a test's data is thrown away), the socket in the folder.
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
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
    url({ user = 'postgres', password = superuserPassword, database = 'postgres' } = {}) {
      const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
      return `postgresql://${auth}@127.0.0.1:${port}/${database}`;
    },
    async sql(statement, database = 'postgres') {
      const { stdout } = await command('psql', [
        '-h',
        folder,
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
        statement,
      ]);
      return stdout.trim();
    },
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

function idOf(field: 2 | 3, name: string): number {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name} on this machine: the throwaway PostgreSQL needs one to run as`);
  return Number(line.split(':')[field]);
}
const uidOf = (name: string) => idOf(2, name);
const gidOf = (name: string) => idOf(3, name);
