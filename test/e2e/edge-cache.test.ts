/**
 * The scale-out topology on real engines (docs/deployment.md): Varnish with
 * deploy/varnish/gateway.vcl in front of two gateway processes that share a redis-server and
 * a PostgreSQL database. Every port comes from the OS. Asserts what the edge promises (purged
 * by surrogate key within a second of a publish, an update or a withdrawal; editors and
 * signed-in readers never cached; stale served while no gateway answers) and what two
 * processes share (response cache, events to subscribers, rate limits), and that stopping one
 * process loses no reader request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedis, startVarnish, type Engine, type VarnishEngine } from '../../scripts/stack/engines.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { edgeEntry, editorOver, missingEdgeEngines, readArticle as read, warnSkipping, type Read } from '../support/edge.js';
import { createEditorToken } from '../support/editors.js';
import { postQuery, startServer, type ServerProcess } from '../support/server-process.js';
import { bound, eventually } from '../support/timeouts.js';

const missing = missingEdgeEngines();
warnSkipping('the edge cache tests', missing);

const ARTICLE = 'query($id: ID!) { article(id: $id) { title } }';
const UNPUBLISH = `mutation($id: ID!) { unpublishArticle(id: $id) { __typename } }`;
const PUBLISH = `mutation($id: ID!) { publishArticle(id: $id) { __typename } }`;
/** Each process's own budget would let all of these through; a shared one refuses the last. */
const EDITOR_LIMIT = 60;

describe.skipIf(missing.length > 0)('Varnish in front of two gateway processes', () => {
  let db: TestDatabase;
  let redis: Engine;
  let varnish: VarnishEngine;
  let gateways: ServerProcess[] = [];
  let token: string;
  let edge: string;

  let editing: ReturnType<typeof editorOver>;
  const mutate = (via: ServerProcess, query: string, variables: Record<string, unknown>) => editing.mutate(query, variables, via.url);
  const createPublished = (via: ServerProcess, title: string) => editing.createPublished(title, via.url);
  const retitle = (via: ServerProcess, id: string, title: string) => editing.retitle(id, title, via.url);

  /** Cached at the edge: a miss (or a stale refresh), then a hit with the same answer. */
  async function cachedAtEdge(id: string): Promise<Read> {
    return eventually(async () => {
      await read(edge, id);
      const second = await read(edge, id);
      expect(edgeEntry(second.cacheStatus)).toBe('hit');
      return second;
    });
  }

  /**
   * How long after a change made just now the edge stops answering the old content: the time
   * the first request answered `expected` was sent (its own round trip through a busy
   * gateway is not staleness).
   */
  async function edgeCatchesUp(id: string, expected: string | null): Promise<number> {
    const changed = Date.now();
    return eventually(
      async () => {
        const sent = Date.now();
        expect((await read(edge, id)).title).toBe(expected);
        return sent - changed;
      },
      bound(5000),
      10,
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    token = await createEditorToken(db.prisma);
    editing = editorOver(() => gateways[0]!.url, token, db.prisma);
    redis = await startRedis();
    // The edge's port first: the gateways are told where to purge before Varnish starts.
    const edgePort = await freePort();
    const env = {
      DATABASE_URL: db.url!,
      REDIS_URL: redis.url,
      SEED_DEMO: 'false',
      EDGE_PURGE_URLS: `http://127.0.0.1:${edgePort}/`,
      // Short at the edge, so that a copy goes stale within the test; a day of stale-if-error.
      HTTP_CACHE_S_MAXAGE_SECONDS: '8',
      HTTP_CACHE_STALE_WHILE_REVALIDATE_SECONDS: '1',
      HTTP_CACHE_STALE_IF_ERROR_SECONDS: '86400',
      RESPONSE_CACHE_TTL_SECONDS: '600',
      // Behind the edge: the client is the address Varnish adds to X-Forwarded-For.
      TRUSTED_PROXY_HOPS: '1',
      RATE_LIMIT_PER_MINUTE: '0',
      EDITOR_RATE_LIMIT_PER_MINUTE: String(EDITOR_LIMIT),
    };
    gateways = [await startServer(env), await startServer(env)];
    varnish = await startVarnish({ gatewayPorts: gateways.map((gateway) => Number(new URL(gateway.url).port)), port: edgePort });
    edge = varnish.url;
    // Both processes healthy at the edge (its probe) before the tests.
    await eventually(async () => expect((await fetch(`${edge}/readyz`)).status).toBe(200));
  });

  afterAll(async () => {
    await varnish?.stop();
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await redis?.stop();
    await db?.drop();
  });

  it('caches a reader query at the edge, and has a publish, an update and a withdrawal there within a second', async () => {
    const [a, b] = gateways as [ServerProcess, ServerProcess];
    const id = await createPublished(a, 'Bão số 3 đổ bộ');
    const cached = await cachedAtEdge(id);
    expect(cached.title).toBe('Bão số 3 đổ bộ');
    expect(cached.cacheControl).toMatch(/stale-if-error=86400/);

    // Updated through the other process: its event purges Redis, then the edge by surrogate key.
    await retitle(b, id, 'Bão số 3 suy yếu');
    expect(await edgeCatchesUp(id, 'Bão số 3 suy yếu')).toBeLessThanOrEqual(bound(1000));
    // And the new answer is what the edge keeps.
    expect((await cachedAtEdge(id)).title).toBe('Bão số 3 suy yếu');

    // Withdrawn: gone from the edge, the lookup answers null.
    expect((await mutate(a, UNPUBLISH, { id })).unpublishArticle.__typename).toBe('MutationUnpublishArticleSuccess');
    expect(await edgeCatchesUp(id, null)).toBeLessThanOrEqual(bound(1000));

    // Published again: back at the edge as quickly.
    await mutate(b, PUBLISH, { id });
    expect(await edgeCatchesUp(id, 'Bão số 3 suy yếu')).toBeLessThanOrEqual(bound(1000));
  });

  it("never caches editors', signed-in or POST requests at the edge", async () => {
    const id = await createPublished(gateways[0]!, 'Giá xăng giảm');
    await cachedAtEdge(id);
    const asEditor = await read(edge, id, { authorization: `Bearer ${token}` });
    const withCookie = await read(edge, id, { cookie: 'session=abc' });
    for (const answer of [asEditor, withCookie]) {
      expect(answer.status).toBe(200);
      expect(edgeEntry(answer.cacheStatus)).toBe('fwd=bypass');
    }
    expect(asEditor.cacheControl).toBe('private, no-store');
    // Twice: a POST never becomes a hit.
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${edge}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ARTICLE, variables: { id } }),
      });
      expect(response.status).toBe(200);
      expect(edgeEntry(response.headers.get('cache-status') ?? '')).toBe('fwd=bypass');
    }
  });

  it("shares the response cache, subscribers' events and rate limits between the processes", async () => {
    const [a, b] = gateways as [ServerProcess, ServerProcess];
    const id = await createPublished(a, 'Tin dùng chung');
    // Cached in Redis by one process, a hit at the other.
    await read(a.url, id);
    expect((await read(b.url, id)).cacheStatus).toMatch(/^news-gateway; hit/);

    // A subscriber through the edge on whichever process hears a publish made on another.
    const stream = await fetch(`${edge}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { articlePublished { type slug } }' }),
    });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    let received = '';
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += new TextDecoder().decode(value);
      }
    })().catch(() => {});
    // Published over and over until one arrives: the subscription settles in its own time.
    await eventually(async () => {
      for (const via of [a, b]) await createPublished(via, `Tin trực tiếp ${Date.now()}`);
      expect(received).toMatch(/"type":"PUBLISHED","slug":"tin-truc-tiep-\d+"/);
    });
    await reader.cancel();
    await pump;

    // One editor budget across both processes (a fresh token: counted in Redis, not per process).
    const editor = await createEditorToken(db.prisma);
    const statuses: number[] = [];
    for (let i = 0; i <= EDITOR_LIMIT; i++) {
      const via = gateways[i % 2]!;
      statuses.push((await postQuery(via.url, '{ __typename }', undefined, { authorization: `Bearer ${editor}` })).status);
    }
    expect(statuses.slice(0, EDITOR_LIMIT).every((status) => status === 200)).toBe(true);
    expect(statuses[EDITOR_LIMIT]).toBe(429);
  });

  it('loses no reader request while one process stops, and serves stale copies while none answers', async () => {
    const id = await createPublished(gateways[0]!, 'Tin còn lại');
    await cachedAtEdge(id);

    // Readers whose every request reaches a gateway (a lookup the edge has not seen, and
    // passed: their answers must not crowd the article's copy out of the edge's storage).
    let running = true;
    let reads = 0;
    const failures: string[] = [];
    const loops = Array.from({ length: 3 }, async (_, loop) => {
      for (let n = 0; running; n++) {
        try {
          const params = new URLSearchParams({ query: `{ article(slug: "khong-co-${loop}-${n}-${Date.now()}") { title } }` });
          const response = await fetch(`${edge}/graphql?${params}`, { headers: { cookie: 'reader=1' } });
          const body = (await response.json()) as { data?: { article: null }; errors?: unknown };
          reads += 1;
          if (response.status !== 200 || body.errors || body.data?.article !== null)
            failures.push(`${response.status} ${JSON.stringify(body)}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    });
    await eventually(() => expect(reads).toBeGreaterThan(20));
    const stopped = gateways.shift()!;
    await stopped.stop();
    const afterStop = reads;
    // The edge's probe has noticed, and readers went on meanwhile.
    await eventually(() => expect(reads).toBeGreaterThan(afterStop + 50));
    running = false;
    await Promise.all(loops);
    expect(failures).toEqual([]);

    // The last process stops too: the edge answers from its copy, stale once its s-maxage passed.
    await gateways.shift()!.stop();
    const stale = await eventually(async () => {
      const answer = await read(edge, id);
      expect(edgeEntry(answer.cacheStatus), JSON.stringify(answer)).toBe('hit; fwd=stale');
      return answer;
    });
    expect(stale.status).toBe(200);
    expect(stale.title).toBe('Tin còn lại');
  });
});
