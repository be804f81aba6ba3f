/**
 * The gateway behind PgBouncer 1.18 in transaction pooling mode (DATABASE_POOLER=pgbouncer):
 * a real pgbouncer on a port of its own, with two server connections for many client
 * transactions, in front of a fresh database on the test server. Reads, an editorial mutation
 * and the outbox dispatcher must give the answers a direct connection gives.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkFolder, startPgBouncer } from '../../scripts/stack/engines.js';
import { describeFailure } from '../../src/cli/failures.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { pendingMigrations, readMigrations } from '../../src/db/migrations.js';
import { migrateAsConfigured, PendingMigrationsError } from '../../src/db/startup-migrations.js';
import { startupFailure } from '../../src/server/startup.js';
import { updateArticle } from '../support/caching.js';
import { loadCorpus, reference } from '../support/corpus.js';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { eventually } from '../support/timeouts.js';

const PGBOUNCER = ['/usr/sbin/pgbouncer', 'pgbouncer'].find((command) => !spawnSync(command, ['--version']).error) ?? null;
const NO_CACHE = { RESPONSE_CACHE: 'false' };

const ARTICLE = `query($slug: String!) { article(slug: $slug) { id title lead body { __typename } } }`;
const LIST = `query($first: Int!, $after: String) { articles(first: $first, after: $after) {
  edges { cursor node { slug title } } pageInfo { hasNextPage endCursor } } }`;
const SEARCH = `query($q: String!) { search(query: $q, first: 5) { edges { node { slug } } } }`;

describe.skipIf(!PGBOUNCER)(
  `behind PgBouncer in transaction pooling mode${PGBOUNCER ? '' : ' (skipped: pgbouncer is not installed)'}`,
  () => {
    let dir: string;
    let bouncer: Awaited<ReturnType<typeof startPgBouncer>> | null = null;
    let db: TestDatabase;
    let pooled: Database;
    let bouncerUrl: string;
    let direct: TestGateway;
    let through: TestGateway;

    beforeAll(async () => {
      db = await createTestDatabase('postgres');
      await loadCorpus(db.prisma);
      // The server-side bounds PgBouncer cannot carry at connect: the role's defaults in this database.
      const name = new URL(db.url!).pathname.slice(1);
      const role = decodeURIComponent(new URL(db.url!).username) || 'postgres';
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      await admin.query(`ALTER ROLE "${role}" IN DATABASE "${name}" SET statement_timeout = '5s'`);
      await admin.query(`ALTER ROLE "${role}" IN DATABASE "${name}" SET jit = off`);
      await admin.end();

      dir = makeWorkFolder('pgbouncer-test-');
      bouncer = await startPgBouncer({
        folder: dir,
        databases: { gw: db.url! },
        fallbackServer: db.url!,
        // Two server connections for up to 8 client connections: transactions interleave.
        poolSize: 2,
        maxClientConnections: 50,
      });
      bouncerUrl = bouncer.url;

      pooled = await openDatabase({ url: bouncerUrl, pooler: 'pgbouncer', poolSize: 8, queryTimeoutMs: 10_000, statementTimeoutMs: 5000 });
      direct = createTestGateway(db, NO_CACHE);
      through = createTestGateway(pooled, { ...NO_CACHE, DATABASE_POOLER: 'pgbouncer' });
    });

    afterAll(async () => {
      await through?.dispose();
      await direct?.dispose();
      await pooled?.close();
      await bouncer?.stop();
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** The same operation `times` times at once through PgBouncer; each answer must equal the direct one. */
    async function sameAnswers(query: string, variables: Record<string, unknown>, times = 8) {
      const expected = await direct.query(query, variables);
      expect(expected.errors).toBeUndefined();
      const answers = await Promise.all(Array.from({ length: times }, () => through.query(query, variables)));
      for (const answer of answers) expect(answer).toEqual(expected);
      return expected;
    }

    it('connects with the role defaults instead of startup parameters', async () => {
      const [row] = await pooled.prisma.$queryRaw<
        { statement_timeout: string }[]
      >`SELECT current_setting('statement_timeout') AS statement_timeout`;
      expect(row!.statement_timeout).toBe('5s');
    });

    it('gives the direct answers for an article, a list page after a cursor and a search, many at once', async () => {
      const article = await sameAnswers(ARTICLE, { slug: reference.slug });
      expect(article.data.article.title).toBe(reference.title);
      const first = await sameAnswers(LIST, { first: 5 });
      const second = await sameAnswers(LIST, { first: 5, after: first.data.articles.pageInfo.endCursor });
      expect(second.data.articles.edges).toHaveLength(5);
      const search = await sameAnswers(SEARCH, { q: 'dan van kheo' });
      expect(search.data.search.edges[0].node.slug).toBe(reference.slug);
      // All three kinds interleaved on the two server connections.
      await Promise.all([
        sameAnswers(ARTICLE, { slug: reference.slug }, 4),
        sameAnswers(LIST, { first: 3 }, 4),
        sameAnswers(SEARCH, { q: 'dan van kheo' }, 4),
      ]);
    });

    it('runs an editorial mutation and dispatches its outbox events through PgBouncer', async () => {
      const token = await createEditorToken(db.prisma);
      const { data } = await direct.query(ARTICLE, { slug: reference.slug });
      await updateArticle(through, token, data.article.id, { title: 'Lục Yên: bản tin đã sửa qua PgBouncer' });
      await through.publications.runOnce();
      await eventually(async () => {
        const events = await db.prisma.publicationEvent.findMany({ where: { dueAt: { lte: new Date() } } });
        expect(events.length).toBeGreaterThan(0);
        expect(events.filter((event) => event.dispatchedAt === null)).toEqual([]);
      });
      const updated = await sameAnswers(ARTICLE, { slug: reference.slug });
      expect(updated.data.article.title).toBe('Lục Yên: bản tin đã sửa qua PgBouncer');
    });

    describe('migrations at start-up', () => {
      let fresh: TestDatabase;
      let freshPooled: Database;
      const env = () => {
        return { NODE_ENV: 'test', DATABASE_URL: bouncer!.urlFor(new URL(fresh.url!).pathname.slice(1)), DATABASE_POOLER: 'pgbouncer' };
      };
      const hasMigrationsTable = async () =>
        (await fresh.prisma.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`)[0]!.present;

      beforeAll(async () => {
        fresh = await createTestDatabase('postgres', { migrate: false });
        freshPooled = await openDatabase({ url: env().DATABASE_URL, pooler: 'pgbouncer', poolSize: 2 });
      });
      afterAll(async () => {
        await freshPooled?.close();
        await fresh?.drop();
      });

      it('without DATABASE_DIRECT_URL, never migrates through PgBouncer and refuses to start on a schema behind the code', async () => {
        const error = await migrateAsConfigured(loadConfig(env()), freshPooled).then(
          () => null,
          (error: unknown) => error,
        );
        expect(error).toBeInstanceOf(PendingMigrationsError);
        expect((error as PendingMigrationsError).pending).toEqual(readMigrations().migrationDirectories.map((dir) => dir.path));
        const line = startupFailure(error);
        expect(line).not.toContain('\n');
        expect(line).toMatch(
          /^Cannot start: \d+ migration\(s\) pending \(\d{14}_[a-z_]+, .*DATABASE_POOLER=pgbouncer without DATABASE_DIRECT_URL.*npm run migrate/,
        );
        expect(await hasMigrationsTable()).toBe(false);
      });

      it('with DATABASE_DIRECT_URL, migrates on the server itself; later starts find nothing pending and serve', async () => {
        const config = loadConfig({ ...env(), DATABASE_DIRECT_URL: fresh.url! });
        const all = readMigrations().migrationDirectories.map((dir) => dir.path);
        expect(await migrateAsConfigured(config, freshPooled)).toEqual({ where: 'direct', applied: all });
        expect(await pendingMigrations(freshPooled.prisma)).toEqual([]);
        // A second process starting: nothing left to apply, with or without the direct URL.
        expect(await migrateAsConfigured(config, freshPooled)).toEqual({ where: 'direct', applied: [] });
        expect(await migrateAsConfigured(loadConfig(env()), freshPooled)).toEqual({ where: 'skipped', applied: [] });
        const gateway = createTestGateway(freshPooled, { ...NO_CACHE, DATABASE_POOLER: 'pgbouncer' });
        try {
          const ready = await gateway.fetch('/readyz');
          expect(await ready.json()).toMatchObject({ status: 'ready', checks: { migrations: { ok: true } } });
          expect(ready.status).toBe(200);
        } finally {
          await gateway.dispose();
        }
      });
    });

    it('without DATABASE_POOLER, PgBouncer refuses the connection settings and the failure says what to set', async () => {
      const unpooled = await openDatabase({ url: bouncerUrl, statementTimeoutMs: 5000, connectTimeoutMs: 5000 });
      try {
        const error = await unpooled.prisma.$queryRaw`SELECT 1`.then(
          () => null,
          (error: unknown) => error,
        );
        expect(error).not.toBeNull();
        expect(describeFailure(error, { databaseUrl: bouncerUrl })).toMatch(/unsupported startup parameter.*DATABASE_POOLER=pgbouncer/);
      } finally {
        await unpooled.close();
      }
    });
  },
);
