/**
 * `npm run build` compiles the gateway to plain JavaScript, and `npm run start:prod` (plain
 * node, no tsx) migrates a fresh server database and serves it, and stops on SIGTERM.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/migrations.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { postQuery, projectRoot } from '../support/server-process.js';
import { bound, eventually, SERVER_START_MS } from '../support/timeouts.js';

const run = promisify(execFile);
/** tsc over the whole of src/ (the generated Prisma client included) is minutes on a busy machine. */
const BUILD_MS = bound(600_000);

describe('the production build', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('postgres', { migrate: false });
    await run('npm', ['run', '--silent', 'build'], { cwd: projectRoot, timeout: BUILD_MS });
  }, BUILD_MS);
  afterAll(() => db?.drop());

  it('runs with plain node from dist/: migrates, serves, stops on SIGTERM', async () => {
    expect(existsSync(path.join(projectRoot, 'dist/main.js'))).toBe(true);
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.url! },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await eventually(() => {
        const match = /GraphQL and GraphiQL at (http:\/\/[^\s"]+)/.exec(output);
        if (!match) throw new Error(`not listening yet:\n${output}`);
        return match[1]!;
      }, SERVER_START_MS);
      expect(output).toContain(readMigrations().migrationDirectories.at(-1)!.path);
      const { status, body } = await postQuery(url, '{ articles(first: 1) { totalCount } }');
      expect(status).toBe(200);
      expect(body.data.articles.totalCount).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
