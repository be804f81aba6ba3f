/**
 * The benchmark databases (bench_10k, bench_100k, bench_1m): created, seeded, migrated and
 * given the competitors' setup when missing, so that a run starts from nothing on a new
 * machine. The first `pool` articles (10,000) come from the gateway's own seed CLI, run from
 * the checkout being measured; the rest are copied from them in SQL (bench/bulk.ts). Each
 * database made so carries a fingerprint of how (COMMENT ON DATABASE): a later run reuses it
 * while the fingerprint matches and makes it again when not.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DEFAULT_CORPUS_SEED } from '../src/seed/synthetic.js';
import { fillInBulk, fingerprint, readFingerprint, seedSources, writeFingerprint } from './bulk.js';

export const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };

export function sizeLabel(articles: number) {
  return articles >= 1_000_000 ? `${articles / 1_000_000}M` : `${articles / 1000}k`;
}

/** The size key of an article count: a known one ("1m" for 1000000) or one made like them. */
export function sizeOf(articles: number): string {
  if (!Number.isInteger(articles) || articles < 1) throw new RangeError(`--articles wants a positive integer, got ${articles}`);
  const known = Object.entries(SIZES).find(([, n]) => n === articles);
  if (known) return known[0];
  const key = articles % 1_000_000 === 0 ? `${articles / 1_000_000}m` : articles % 1000 === 0 ? `${articles / 1000}k` : String(articles);
  SIZES[key] = articles;
  return key;
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
  /** Articles written by the seed CLI; the rest are copied from them in SQL (bench/bulk.ts). */
  pool: number;
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
  const pool = Math.min(articles, setup.pool);
  const wanted = fingerprint({ articles, pool, seed: DEFAULT_CORPUS_SEED }, seedSources(tree));
  const found = exists ? await withClient(`${baseUrl}/postgres`, (c) => readFingerprint(c, name)) : null;
  if (exists && found !== null && found !== wanted) {
    // Made by this harness from other inputs (another size, pool or seed generator): made again.
    console.log(`${name} was made from other inputs (fingerprint ${found}, wanted ${wanted}): dropping it to make it again`);
    await withClient(`${baseUrl}/postgres`, (c) => c.query(`DROP DATABASE "${name}"`));
  } else if (exists && found === null) {
    console.log(`${name} has no fingerprint (made before bench/bulk.ts): reused as it is`);
  } else if (exists) {
    console.log(`${name}: fingerprint ${found} matches, reused`);
  }
  if (!exists || (found !== null && found !== wanted)) {
    const started = Date.now();
    // ~300 articles/s for the seeded pool; the SQL copies ~1,000/s per free core.
    console.log(`Creating ${name}: ${pool} articles by npm run seed, ${articles - pool} more in SQL…`);
    // The pool is the seed's first `pool` articles: a database of exactly that size made by this
    // harness from the same inputs holds them already, and is copied whole (seconds, where the
    // seed CLI takes a minute on a quiet machine and several on a busy one).
    const poolName = `bench_${sizeOf(pool)}`;
    const poolPrint = fingerprint({ articles: pool, pool, seed: DEFAULT_CORPUS_SEED }, seedSources(tree));
    const copied =
      articles > pool &&
      (await withClient(`${baseUrl}/postgres`, async (c) => {
        if ((await readFingerprint(c, poolName)) !== poolPrint) return false;
        try {
          await c.query(`CREATE DATABASE "${name}" TEMPLATE "${poolName}"`);
          console.log(`${name}: the pool copied from ${poolName} (fingerprint ${poolPrint})`);
          return true;
        } catch (error) {
          // PostgreSQL copies a template nobody is connected to: a running server, say.
          console.log(`${name}: could not copy ${poolName} (${(error as Error).message}); seeding the pool instead`);
          return false;
        }
      }));
    if (!copied) {
      await withClient(`${baseUrl}/postgres`, (c) => c.query(`CREATE DATABASE "${name}"`));
      const seeded = spawnSync('npm', ['run', 'seed', '--silent', '--', '--articles', String(pool)], {
        cwd: tree,
        env,
        stdio: 'inherit',
      });
      if (seeded.status !== 0) throw new Error(`seeding ${name} failed`);
    }
    // Until it is complete, the database says so: a build stopped half-way (no GIN index, say)
    // is then made again by the next run, never reused.
    await withClient(`${baseUrl}/postgres`, (c) => writeFingerprint(c, name, `incomplete-${wanted}`));
    const seedSeconds = (Date.now() - started) / 1000;
    if (articles > pool) {
      await fillInBulk(url, { articles, pool, seed: DEFAULT_CORPUS_SEED }, (line) => console.log(`${name}: ${line}`));
    } else {
      // Fresh statistics and visibility map, so the plans measured are the ones a settled database gets.
      await withClient(url, (c) => c.query('VACUUM ANALYZE'));
    }
    await withClient(`${baseUrl}/postgres`, (c) => writeFingerprint(c, name, wanted));
    const minutes = (Date.now() - started) / 60000;
    console.log(`${name} made in ${minutes.toFixed(1)} min (the pool: ${seedSeconds.toFixed(0)} s); fingerprint ${wanted}`);
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
