/**
 * The benchmark databases (bench_10k, bench_100k, bench_1m): created, seeded, migrated and
 * given the competitors' setup when missing, so that a run starts from nothing on a new
 * machine. Seeding runs the gateway's own CLI from the checkout being measured.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };

export function sizeLabel(articles: number) {
  return articles >= 1_000_000 ? `${articles / 1_000_000}M` : `${articles / 1000}k`;
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
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

export interface DatabaseSetup {
  /** postgresql://user@host:port, without a database. */
  baseUrl: string;
  /** The gateway's checkout, whose seed and migrate commands are run. */
  tree: string;
  /** SQL run on every benchmark database before the servers start (PostGraphile's computed column). */
  setupSql: string[];
  allowPartial: boolean;
}

/** Makes sure the database exists and is full; returns its article count, or a reason to skip. */
export async function ensureDatabase(setup: DatabaseSetup, name: string, articles: number): Promise<{ count: number } | { skip: string }> {
  const { baseUrl, tree } = setup;
  const exists = await withClient(
    `${baseUrl}/postgres`,
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0,
  );
  const url = `${baseUrl}/${name}`;
  // A batch of 2,000 articles is one transaction of several large statements: on a loaded
  // machine one of them can outlast the gateway's default STATEMENT_TIMEOUT_MS (5 s).
  const env = { ...process.env, DATABASE_URL: url, STATEMENT_TIMEOUT_MS: '0' };
  if (!exists) {
    // ~350 articles/s on a quiet 2-core machine (the search document and its index are the cost).
    console.log(`Creating ${name} and seeding ${articles} articles (about ${Math.ceil(articles / 350 / 60)} min on a quiet machine)…`);
    await withClient(`${baseUrl}/postgres`, (c) => c.query(`CREATE DATABASE "${name}"`));
    const seeded = spawnSync('npm', ['run', 'seed', '--silent', '--', '--articles', String(articles)], {
      cwd: tree,
      env,
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
  if (count < articles && !setup.allowPartial) {
    return {
      skip: `${name} has ${count} of ${articles} articles and nothing is filling it; finish it with npm run seed, or pass --allow-partial`,
    };
  }
  // Bring it to the checkout's migrations now (a new migration over 1M rows can take
  // minutes), rather than inside a server's timed start-up.
  const migrated = spawnSync('npm', ['run', 'migrate', '--silent'], { cwd: tree, env, stdio: 'inherit' });
  if (migrated.status !== 0) throw new Error(`npm run migrate failed on ${name}`);
  await withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT coalesce(last_analyze, last_autoanalyze) AS at FROM pg_stat_user_tables WHERE relname = 'Article'`,
    );
    if (!rows[0]?.at) await c.query('ANALYZE');
    for (const file of setup.setupSql) await c.query(readFileSync(file, 'utf8'));
  });
  return { count };
}

/** The setup SQL files every benchmark database gets. */
export const setupSqlFiles = (root: string) => [path.join(root, 'bench/postgraphile/setup.sql')];
