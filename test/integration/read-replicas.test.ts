/**
 * Read replicas (src/db/replicas.ts) against a real primary and a real streaming replica of
 * the test's own (initdb, then pg_basebackup -R), each on a loopback port from the OS. The
 * replica logs every statement it runs (log_statement=all), so where reads and writes went is
 * read from the servers themselves, not only from the gateway's counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { openReadReplicas, type ReadReplicas } from '../../src/db/replicas.js';
import { createTaxonomy, eventually, publishArticle, updateArticle, type PublishedArticle } from '../support/caching.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { startStreamingReplica, startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { COMMAND_MS } from '../support/timeouts.js';

const ARTICLE = 'query($slug: String!) { article(slug: $slug) { title } }';
const LATEST = 'query($first: Int!) { articles(first: $first) { edges { node { slug title } } } }';
/** The test's one article's title, straight from a server. */
const TITLE_SQL = 'SELECT title FROM "Article"';
/** What the replica has executed as a write, in its statement log. */
const WRITE_IN_LOG = /(?:statement|execute [^:]*): (?:INSERT|UPDATE|DELETE|BEGIN)\b/;

describe('read replicas', () => {
  let primary: ThrowawayPostgres;
  let replica: ThrowawayPostgres;
  let db: Database;
  let replicas: ReadReplicas;
  let api: TestGateway;
  let token: string;
  let article: PublishedArticle;

  const onReplica = () => replicas.statementCounts().get(replicas.states()[0]!.name) ?? 0;
  const onPrimary = () => replicas.statementCounts().get('primary') ?? 0;
  const serving = () => replicas.states()[0]!.serving;
  const title = async () => (await api.query(ARTICLE, { slug: article.slug })).data?.article?.title as string;

  beforeAll(async () => {
    primary = await startThrowawayPostgres();
    db = await openDatabase({ url: primary.url() });
    await applyMigrations(db.adapterFactory);
    replica = await startStreamingReplica(primary, { settings: ['log_statement=all'] });
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: primary.url(),
      DATABASE_REPLICA_URLS: replica.url(),
      DATABASE_REPLICA_CHECK_INTERVAL_MS: '50',
      // Generous: this test pauses replay on purpose and must see the LSN rule, not the lag rule, at work.
      DATABASE_REPLICA_MAX_LAG_MS: '600000',
    });
    replicas = await openReadReplicas(config, db);
    replicas.start();
    api = createTestGateway(db, {}, undefined, { replicas });
    token = await createEditorToken(db.prisma);
    await createTaxonomy(db.prisma);
    article = await publishArticle(api, token, { title: 'Bản tin đầu tiên', category: 'thoi-su', author: 'duc-toan' });
  }, COMMAND_MS);

  afterAll(async () => {
    await api?.dispose();
    await replicas?.close();
    await db?.close();
    await replica?.destroy();
    await primary?.destroy();
  });

  it('sends readers’ queries to the replica once it has replayed the latest publication', async () => {
    await eventually(() => expect(serving()).toBe(true));
    const before = { replica: onReplica(), primary: onPrimary() };
    const response = await api.query(LATEST, { first: 7 });
    expect(response.data.articles.edges.map((edge: { node: { slug: string } }) => edge.node.slug)).toContain(article.slug);
    expect(onReplica()).toBeGreaterThan(before.replica);
    expect(onPrimary()).toBe(before.primary);
    // The replica itself ran it.
    expect(replica.log()).toMatch(/FROM "public"."Article"/);
  });

  it('keeps editors and mutations on the primary: the replica never sees a write', async () => {
    const before = onReplica();
    await updateArticle(api, token, article.id, { title: 'Bản tin đầu tiên (sửa)' });
    const preview = await api.query('query($id: ID!) { article(id: $id, preview: true) { title } }', { id: article.id }, token);
    expect(preview.data.article.title).toBe('Bản tin đầu tiên (sửa)');
    expect(onReplica()).toBe(before);
    expect(replica.log()).not.toMatch(WRITE_IN_LOG);
  });

  it('never caches what a lagging replica still has: reads go to the primary until it has replayed the publication', async () => {
    await eventually(async () => expect(serving()).toBe(true));
    const before = await title();
    expect(await title()).toBe(before); // now a cache hit

    await replica.sql('SELECT pg_wal_replay_pause()');
    try {
      await updateArticle(api, token, article.id, { title: 'Tin nóng: cập nhật' });
      // The replica still has the old title: a read there would refill the purged cache with it.
      expect(await replica.sql(TITLE_SQL)).toBe(before);
      const replicaBefore = onReplica();
      const primaryBefore = onPrimary();
      for (let i = 0; i < 3; i++) expect(await title()).toBe('Tin nóng: cập nhật');
      expect(await api.query(LATEST, { first: 9 })).toMatchObject({
        data: { articles: { edges: [{ node: { title: 'Tin nóng: cập nhật' } }] } },
      });
      expect(onPrimary()).toBeGreaterThan(primaryBefore);
      expect(onReplica()).toBe(replicaBefore);
      expect(replicas.states()[0]).toMatchObject({ up: true, serving: false });
    } finally {
      await replica.sql('SELECT pg_wal_replay_resume()');
    }
    await eventually(() => expect(serving()).toBe(true));
    expect(await replica.sql(TITLE_SQL)).toBe('Tin nóng: cập nhật');
    expect(await title()).toBe('Tin nóng: cập nhật');
    const replicaNow = onReplica();
    expect(await api.query(LATEST, { first: 11 })).toMatchObject({
      data: { articles: { edges: [{ node: { title: 'Tin nóng: cập nhật' } }] } },
    });
    expect(onReplica()).toBeGreaterThan(replicaNow);
  });

  it('reports replica state and lag in /readyz and /metrics', async () => {
    await eventually(() => expect(serving()).toBe(true));
    const ready = await api.fetch('/readyz');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, { ok: boolean; lagMs: number }> };
    expect(body.checks[`replica ${replicas.states()[0]!.name}`]).toMatchObject({ ok: true, lagMs: expect.any(Number) });
    const metrics = await (await api.fetch('/metrics')).text();
    expect(metrics).toMatch(/gateway_replica_serving\{replica="127\.0\.0\.1:\d+\/postgres"\} 1/);
    expect(metrics).toMatch(/gateway_replica_lag_seconds\{replica="127\.0\.0\.1:\d+\/postgres"\} \d/);
    expect(metrics).toMatch(/gateway_reader_statements_total\{server="127\.0\.0\.1:\d+\/postgres"\} [1-9]/);
  });

  it('loses no reader request when the replica stops: reads fall back to the primary', async () => {
    await eventually(() => expect(serving()).toBe(true));
    await replica.stop();
    try {
      // Each a different page size, so each is a cache miss that has to reach a database.
      for (let first = 1; first <= 6; first++) {
        const response = await api.query(LATEST, { first });
        expect(response.errors).toBeUndefined();
        expect(response.data.articles.edges.length).toBeGreaterThan(0);
      }
      await eventually(() => expect(replicas.states()[0]).toMatchObject({ up: false, serving: false }));
      const ready = await api.fetch('/readyz');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'degraded' });
    } finally {
      await replica.start();
    }
    await eventually(() => expect(serving()).toBe(true));
    const before = onReplica();
    await api.query(LATEST, { first: 13 });
    expect(onReplica()).toBeGreaterThan(before);
  });
});
