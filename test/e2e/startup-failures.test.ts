/**
 * Start-up that fails fast and clearly: each bad setting gives exit status 1 and one line on
 * stderr that says what to do, never a stack; a port in use fails before any migration.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/databases.js';
import { projectRoot } from '../support/server-process.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { COMMAND_MS, freePort } from '../support/timeouts.js';

interface Outcome {
  status: number | null;
  stderr: string;
  stdout: string;
}

/** Runs `npm start`'s entry point until it exits (a healthy start would never exit: the bound catches it). */
function start(env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      // DEBUG would add the stack on purpose; the defaults below are a healthy start's.
      env: { ...process.env, DEBUG: '', NODE_ENV: 'test', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the gateway did not exit in ${COMMAND_MS} ms:\n${stdout}\n${stderr}`));
    }, COMMAND_MS);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function expectOneClearLine(outcome: Outcome, pattern: RegExp) {
  expect(outcome.status).toBe(1);
  const lines = outcome.stderr.trim().split('\n');
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(outcome.stderr).not.toMatch(/^\s+at |Error:|\.ts:\d+/m);
}

function serverUrl(changes: { user?: string; password?: string; database?: string; port?: number }) {
  const url = new URL(postgresAdminUrl);
  if (changes.user !== undefined) url.username = changes.user;
  if (changes.password !== undefined) url.password = changes.password;
  if (changes.database !== undefined) url.pathname = `/${changes.database}`;
  if (changes.port !== undefined) url.port = String(changes.port);
  return url.toString();
}

describe('npm start refuses a bad setting in one line', () => {
  let unmigrated: TestDatabase;
  let portHolder: Server;
  let takenPort: number;

  beforeAll(async () => {
    unmigrated = await createTestDatabase('postgres', { migrate: false });
    portHolder = createServer();
    await new Promise<void>((resolve) => portHolder.listen(0, '127.0.0.1', resolve));
    takenPort = (portHolder.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => portHolder?.close(resolve));
    await unmigrated?.drop();
  });

  it('NODE_ENV other than development, production or test', async () => {
    const outcome = await start({ NODE_ENV: 'prod' });
    expectOneClearLine(outcome, /^Invalid configuration: NODE_ENV must be development, production or test \(or unset\), got "prod"\.$/);
  });

  it('a port in use, before any migration ran', async () => {
    const outcome = await start({ PORT: String(takenPort), DATABASE_URL: unmigrated.url! });
    expectOneClearLine(
      outcome,
      new RegExp(`^Port ${takenPort} on 127\\.0\\.0\\.1 is already in use by another process: stop it, or set PORT`),
    );
    const client = new pg.Client({ connectionString: unmigrated.url! });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT to_regclass('public._prisma_migrations') AS migrations, to_regclass('public."Article"') AS articles`,
      );
      expect(rows[0]).toEqual({ migrations: null, articles: null });
    } finally {
      await client.end();
    }
  });

  it('a HOST that is no name of this machine', async () => {
    const unknown = await start({ HOST: 'no-such-host.invalid', DATABASE_URL: unmigrated.url! });
    expectOneClearLine(unknown, /^HOST "no-such-host\.invalid" is not a known host name \(ENOTFOUND|EAI_AGAIN\)/);
    // TEST-NET-1: a valid address, but not one of ours.
    const foreign = await start({ HOST: '192.0.2.1', DATABASE_URL: unmigrated.url! });
    expectOneClearLine(foreign, /^HOST "192\.0\.2\.1" is not an address of this machine/);
  });

  it('a database server that does not answer', async () => {
    const outcome = await start({ DATABASE_URL: serverUrl({ port: await freePort(), database: 'news' }) });
    expectOneClearLine(outcome, /^Cannot start: .*ECONNREFUSED.*: is PostgreSQL running there\? Check DATABASE_URL/);
  });

  it('a database that does not exist, with the command that creates it', async () => {
    const outcome = await start({ DATABASE_URL: serverUrl({ database: 'gateway_no_such_database' }) });
    expectOneClearLine(
      outcome,
      /^Cannot start: database "gateway_no_such_database" does not exist \(SQLSTATE 3D000\): create it: createdb -h 127\.0\.0\.1 -p \d+ -U postgres gateway_no_such_database\.$/,
    );
  });

  it('a role that does not exist, with the command that creates it', async () => {
    const outcome = await start({ DATABASE_URL: serverUrl({ user: 'gateway_no_such_role', database: 'postgres' }) });
    expectOneClearLine(
      outcome,
      /^Cannot start: role "gateway_no_such_role" does not exist \(SQLSTATE 28000\): .*createuser -h 127\.0\.0\.1 -p \d+ -U postgres gateway_no_such_role/,
    );
  });
});

describe('npm start against a server that checks passwords', () => {
  let server: ThrowawayPostgres;

  beforeAll(async () => {
    server = await startThrowawayPostgres({ superuserPassword: 'right-password' });
  });
  afterAll(() => server?.destroy());

  it('a wrong password', async () => {
    const outcome = await start({ DATABASE_URL: server.url({ password: 'wrong-password' }) });
    expectOneClearLine(
      outcome,
      /^Cannot start: password authentication failed for user "postgres" \(SQLSTATE 28P01\): check the user name and password in DATABASE_URL\.$/,
    );
    expect(outcome.stderr).not.toContain('wrong-password');
  });
});
