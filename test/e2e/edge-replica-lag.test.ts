/**
 * The edge and a lagging read replica together (issue #16): "a publish while the replica lags
 * never leaves stale content cached at the gateway or at the edge once the replica catches
 * up". A gateway process reads from a streaming replica of a throwaway primary and purges a
 * Varnish in front of it (EDGE_PURGE_URLS). With the replica's replay paused
 * (`pg_wal_replay_pause()`), an update and a publish purge the edge; the refill that follows
 * must come from the primary, so the edge caches the new content, never the replica's old
 * copy. Once replay resumes, readers are back on the replica and the edge still has the new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startVarnish, type VarnishEngine } from '../../scripts/stack/engines.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { edgeEntry, editorOver, missingEdgeEngines, readArticle, readGet, warnSkipping } from '../support/edge.js';
import { createEditorToken } from '../support/editors.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { startStreamingReplica, startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { eventually } from '../support/timeouts.js';

const missing = missingEdgeEngines(['varnishd']);
warnSkipping('the edge with a lagging replica', missing);

const LATEST = 'query($first: Int!) { articles(first: $first) { edges { node { title } } } }';
const latestTitles = (data: any): string[] => data?.articles?.edges.map((edge: { node: { title: string } }) => edge.node.title) ?? [];

describe.skipIf(missing.length > 0)('Varnish in front of a gateway whose read replica lags', () => {
  let primary: ThrowawayPostgres;
  let replica: ThrowawayPostgres;
  let db: Database;
  let gateway: ServerProcess;
  let varnish: VarnishEngine;
  let editing: ReturnType<typeof editorOver>;

  const replicaCheck = async () => {
    const body = (await (await fetch(new URL('/readyz', gateway.url))).json()) as { checks: Record<string, { ok: boolean }> };
    return Object.entries(body.checks).find(([name]) => name.startsWith('replica '))![1];
  };
  /** Statements the gateway's readers ran on the replica so far (its /metrics). */
  const readsOnReplica = async () => {
    const metrics = await (await fetch(new URL('/metrics', gateway.url))).text();
    const line = metrics
      .split('\n')
      .find((entry) => entry.startsWith(`gateway_reader_statements_total{server="127.0.0.1:${replica.port}/`));
    return Number(line?.split(' ').at(-1) ?? 0);
  };
  const titleAtReplica = async (id: string) =>
    replica.sql(`SELECT title FROM "Article" WHERE id = ${Number(Buffer.from(id, 'base64').toString().split(':')[1])}`);

  /** Read twice at the edge: the second must be a hit, and both answers the same. */
  async function cachedAtEdge(id: string) {
    return eventually(async () => {
      const first = await readArticle(varnish.url, id);
      const second = await readArticle(varnish.url, id);
      expect(edgeEntry(second.cacheStatus)).toBe('hit');
      expect(second.title).toBe(first.title);
      return second.title;
    });
  }

  beforeAll(async () => {
    primary = await startThrowawayPostgres();
    replica = await startStreamingReplica(primary);
    const edgePort = await freePort();
    gateway = await startServer({
      DATABASE_URL: primary.url(),
      DATABASE_REPLICA_URLS: replica.url(),
      DATABASE_REPLICA_CHECK_INTERVAL_MS: '50',
      // The LSN rule, not the lag rule, must keep readers off the paused replica.
      DATABASE_REPLICA_MAX_LAG_MS: '600000',
      EDGE_PURGE_URLS: `http://127.0.0.1:${edgePort}/`,
      SEED_DEMO: 'false',
      // The edge would keep the stale copy for five minutes: only the purge can remove it.
      HTTP_CACHE_S_MAXAGE_SECONDS: '300',
      TRUSTED_PROXY_HOPS: '1',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    varnish = await startVarnish({ gatewayPorts: [Number(new URL(gateway.url).port)], port: edgePort });
    db = await openDatabase({ url: primary.url() });
    editing = editorOver(() => gateway.url, await createEditorToken(db.prisma), db.prisma);
    await eventually(async () => expect((await fetch(`${varnish.url}/readyz`)).status).toBe(200));
  });

  afterAll(async () => {
    await varnish?.stop();
    await gateway?.stop();
    await db?.close();
    await replica?.sql('SELECT pg_wal_replay_resume()').catch(() => {});
    await replica?.destroy();
    await primary?.destroy();
  });

  it('caches the new version at the edge, never the replica’s old one, while replay is paused and after it resumes', async () => {
    const id = await editing.createPublished('Lũ trên sông Hồng');
    // Readers are on the replica, and the edge holds what it served.
    await eventually(async () => expect((await replicaCheck()).ok).toBe(true));
    const replicaReads = await readsOnReplica();
    expect(await cachedAtEdge(id)).toBe('Lũ trên sông Hồng');
    expect(latestTitles((await readGet(varnish.url, LATEST, { first: 5 })).data)).toEqual(['Lũ trên sông Hồng']);
    expect(edgeEntry((await readGet(varnish.url, LATEST, { first: 5 })).cacheStatus)).toBe('hit');
    expect(await readsOnReplica()).toBeGreaterThan(replicaReads);

    await replica.sql('SELECT pg_wal_replay_pause()');
    try {
      await editing.retitle(id, 'Lũ trên sông Hồng đã rút');
      const second = await editing.createPublished('Đê Yên Phụ an toàn');
      // The replica still has the old title and lacks the new article: a refill from it would be stale.
      expect(await titleAtReplica(id)).toBe('Lũ trên sông Hồng');
      expect(await titleAtReplica(second)).toBe('');
      await eventually(async () => expect((await readArticle(varnish.url, id)).title).toBe('Lũ trên sông Hồng đã rút'));
      // What the edge now keeps is the new version, and stays so while the replica lags.
      expect(await cachedAtEdge(id)).toBe('Lũ trên sông Hồng đã rút');
      expect(await cachedAtEdge(second)).toBe('Đê Yên Phụ an toàn');
      await eventually(async () =>
        expect(latestTitles((await readGet(varnish.url, LATEST, { first: 5 })).data)).toEqual([
          'Đê Yên Phụ an toàn',
          'Lũ trên sông Hồng đã rút',
        ]),
      );
      const latest = await readGet(varnish.url, LATEST, { first: 5 });
      expect(edgeEntry(latest.cacheStatus)).toBe('hit');
      expect(latestTitles(latest.data)).toEqual(['Đê Yên Phụ an toàn', 'Lũ trên sông Hồng đã rút']);
      // A miss the edge never saw reaches the gateway, which reads from the primary.
      expect(latestTitles((await readGet(varnish.url, LATEST, { first: 6 })).data)).toHaveLength(2);
      expect(await replicaCheck()).toMatchObject({ ok: false });
      expect(await titleAtReplica(id)).toBe('Lũ trên sông Hồng');
    } finally {
      await replica.sql('SELECT pg_wal_replay_resume()');
    }

    // Caught up: readers are back on the replica, which now has the new version, as the edge does.
    await eventually(async () => expect((await replicaCheck()).ok).toBe(true));
    expect(await titleAtReplica(id)).toBe('Lũ trên sông Hồng đã rút');
    const backOnReplica = await readsOnReplica();
    expect(latestTitles((await readGet(varnish.url, LATEST, { first: 7 })).data)).toEqual([
      'Đê Yên Phụ an toàn',
      'Lũ trên sông Hồng đã rút',
    ]);
    expect(await readsOnReplica()).toBeGreaterThan(backOnReplica);
    expect(await cachedAtEdge(id)).toBe('Lũ trên sông Hồng đã rút');
  });
});
