/**
 * One Redis, two deployments (REDIS_CACHE_PREFIX): neither sees the other's keys or events.
 * And a REDIS_URL nobody answers on: the gateway serves without Redis (vitest fails the run
 * on any unhandled rejection, which is what used to end the process).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { createTaxonomy, eventually, publishArticle, REDIS_URL, redisTestPrefix } from '../support/caching.js';
import { freePort } from '../support/timeouts.js';

const HOME = `{ articles(first: 5) { edges { node { id title } } } }`;

/** Opens an SSE subscription and collects the `data:` payloads as they arrive. */
async function collectEvents(api: TestGateway) {
  const response = await api.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: 'subscription { articlePublished { type slug } }' }),
  });
  const reader = response.body!.getReader();
  const slugs: string[] = [];
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += new TextDecoder().decode(value);
      for (const match of buffer.matchAll(/^data: (.+)$/gm)) {
        const slug = (JSON.parse(match[1]!) as { data?: { articlePublished?: { slug: string } } }).data?.articlePublished?.slug;
        if (slug && !slugs.includes(slug)) slugs.push(slug);
      }
    }
  })();
  return { slugs, close: () => reader.cancel() };
}

describeEachBackend('deployments sharing one Redis', ({ db }) => {
  const first = redisTestPrefix();
  const second = redisTestPrefix();
  let a: TestGateway;
  let b: TestGateway;
  let editor: string;

  beforeAll(async () => {
    await createTaxonomy(db().prisma);
    editor = await createEditorToken(db().prisma);
    a = createTestGateway(db(), { REDIS_URL, REDIS_CACHE_PREFIX: first.prefix });
    b = createTestGateway(db(), { REDIS_URL, REDIS_CACHE_PREFIX: second.prefix });
    await eventually(() => expect(a.redis!.isReady() && b.redis!.isReady()).toBe(true));
  });
  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
    await Promise.all([first.cleanUp(), second.cleanUp()]);
  });

  it("keeps each deployment's keys under its own prefix", async () => {
    await publishArticle(a, editor, { title: 'Tin của triển khai thứ nhất', category: 'thoi-su' });
    await a.query(HOME);
    await b.query(HOME);
    await eventually(async () => {
      expect((await first.keys()).length).toBeGreaterThan(0);
      expect((await second.keys()).length).toBeGreaterThan(0);
    });
    expect((await first.keys()).every((key) => key.startsWith(first.prefix))).toBe(true);
    expect((await second.keys()).some((key) => key.startsWith(first.prefix))).toBe(false);
  });

  it("delivers a deployment's publication events to its own subscribers only", async () => {
    const onA = await collectEvents(a);
    const onB = await collectEvents(b);
    // Both subscriptions are in place once a publication on each side reaches its own.
    await eventually(async () => {
      await publishArticle(a, editor, { title: `Mồi A ${Date.now()}` });
      await publishArticle(b, editor, { title: `Mồi B ${Date.now()}` });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(onA.slugs.some((slug) => slug.startsWith('moi-a-'))).toBe(true);
      expect(onB.slugs.some((slug) => slug.startsWith('moi-b-'))).toBe(true);
    });
    const secret = await publishArticle(a, editor, { title: `Chỉ triển khai A được biết ${Date.now()}` });
    await eventually(() => expect(onA.slugs).toContain(secret.slug));
    expect(onB.slugs.filter((slug) => !slug.startsWith('moi-b-'))).toEqual([]);
    await Promise.all([onA.close(), onB.close()]);
  });
});

describeEachBackend('a REDIS_URL nobody answers on', ({ db }) => {
  let api: TestGateway;
  let editor: string;
  beforeAll(async () => {
    await createTaxonomy(db().prisma);
    editor = await createEditorToken(db().prisma);
    api = createTestGateway(db(), { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('serves reads and writes without the cache, and keeps rate limits per process', async () => {
    const article = await publishArticle(api, editor, { title: 'Tin khi Redis vắng mặt', category: 'thoi-su' });
    for (let i = 0; i < 3; i++) {
      const response = await api.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query($slug: String!) { article(slug: $slug) { title } }', variables: { slug: article.slug } }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { article: { title: 'Tin khi Redis vắng mặt' } } });
      expect(response.headers.get('cache-status')).not.toMatch(/hit/);
    }
    expect(api.redis!.isReady()).toBe(false);
  });
});
