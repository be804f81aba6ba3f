import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SYNTHETIC_ARTICLES, neighbourArticles } from '../../src/seed/demo.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { COMMAND_MS } from '../support/timeouts.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm run seed (child process, PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    // Unmigrated: the command must migrate the database itself.
    db = await createTestDatabase('postgres', { migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  const runSeedWith = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(path.join(projectRoot, 'node_modules/.bin/tsx'), ['src/cli/seed.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: db.url!, ...env },
      encoding: 'utf8',
      timeout: COMMAND_MS,
    });
  const runSeed = (...args: string[]) => runSeedWith({}, ...args);

  it('migrates, writes the demo content and a synthetic corpus, and says so', async () => {
    const run = runSeed('--demo', '--articles', '120', '--batch', '50', '--seed', '5');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Wrote 120 synthetic articles (seed 5)');
    expect(await db.prisma.article.count()).toBe(1 + 4 + neighbourArticles().length + DEMO_SYNTHETIC_ARTICLES + 120);
  });

  it('skips the demo content once the database has content', async () => {
    const run = runSeed('--demo');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('demo content skipped');
    expect(await db.prisma.article.count({ where: { slug: { startsWith: 'luc-yen-co-tren-400-mo-hinh-dan-van-kheo' } } })).toBe(1);
  });

  it("never runs under the gateway's per-request statement timeout", async () => {
    const before = await db.prisma.article.count();
    // 1 ms would cancel any batch insert if the tool inherited it.
    const run = runSeedWith({ STATEMENT_TIMEOUT_MS: '1' }, '--articles', '40', '--batch', '40', '--seed', '6');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(await db.prisma.article.count()).toBe(before + 40);
  });

  it('fails in one line that says what to do, with the whole error only with --verbose', () => {
    const missing = new URL(db.url!);
    missing.pathname = '/no_such_database_here';
    const run = runSeedWith({ DATABASE_URL: missing.toString() }, '--articles', '1');
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `Failed: Database \`no_such_database_here\` does not exist: create it: createdb -h ${missing.hostname} -p ${missing.port || 5432} -U postgres no_such_database_here. (--verbose shows the whole error)`,
    ]);
    const verbose = runSeedWith({ DATABASE_URL: missing.toString() }, '--articles', '1', '--verbose');
    expect(verbose.status).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('refuses to run without something to do, and rejects bad numbers', () => {
    expect(runSeed().status).toBe(2);
    const bad = runSeed('--articles', 'many');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--articles must be a whole number');
  });
});
