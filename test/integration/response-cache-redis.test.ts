/**
 * Two gateway replicas sharing the real Redis on 127.0.0.1:6379 (a key prefix of this run's
 * own, removed afterwards): one cache, purged for both by a publish event on either.
 *
 * Other test files publish events on the same Redis at the same time; those can only purge
 * more, so a check that something is cached retries (`eventually`), and checks that something
 * is fresh hold anyway.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import {
  createTaxonomy,
  eventually,
  publishArticle,
  REDIS_URL,
  redisTestPrefix,
  unpublishArticle,
  type PublishedArticle,
} from '../support/caching.js';

const ARTICLE = `query Article($slug: String!) { article(slug: $slug) { id title tags { name } } }`;
const HOME = `{ articles(first: 20) { totalCount edges { node { id title } } } }`;
const TAG_PAGE = `query Tag($slug: String!) { tag(slug: $slug) { id articles(first: 20) { edges { node { title } } } } }`;

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describeEachBackend('response cache shared by replicas through Redis', ({ db }) => {
  const keys = redisTestPrefix();
  const gateways: TestGateway[] = [];
  let a: TestGateway;
  let b: TestGateway;
  let editor: string;
  let article: PublishedArticle;

  const replica = (env: Record<string, string> = {}) => {
    const gateway = createTestGateway(db(), { REDIS_URL, REDIS_CACHE_PREFIX: keys.prefix, ...env });
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    await createTaxonomy(db().prisma);
    editor = await createEditorToken(db().prisma);
    a = replica();
    b = replica();
    await settle(); // the replicas' Redis subscriptions
    article = await publishArticle(a, editor, { title: 'Yên Bái mở hội', category: 'trong-tinh', tags: ['Yên Bái'] });
    await settle(); // both replicas purge for each event, each when it arrives
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.dispose()));
    await keys.cleanUp();
  });

  it('answers on replica B from the entry replica A stored: a hit, and not one SQL statement', async () => {
    await eventually(async () => {
      const onA = await a.query(ARTICLE, { slug: article.slug });
      const onB = await b.queryCountingStatements(ARTICLE, { slug: article.slug });
      expect(onB.statements).toEqual([]);
      expect(onB.response).toEqual(onA);
      const response = await b.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ARTICLE, variables: { slug: article.slug } }),
      });
      expect(response.headers.get('cache-status')).toBe('news-gateway; hit');
    });
  });

  it('keeps everything under its key prefix, tag sets with an expiry', async () => {
    await a.query(ARTICLE, { slug: article.slug });
    const stored = await keys.keys();
    expect(stored).toContain(`${keys.prefix}Article:${article.id}`);
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.exists(`Article:${article.id}`)).toBe(0);
      const ttl = await redis.pttl(`${keys.prefix}Article:${article.id}`);
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(120_000);
    } finally {
      await redis.quit();
    }
  });

  it('shows an article published on replica A in replica B’s cached lists', async () => {
    const before = (await b.query(HOME)).data.articles.totalCount;
    await b.query(TAG_PAGE, { slug: 'yen-bai' });
    const title = 'Yên Bái: tin mới từ máy chủ A';
    await publishArticle(a, editor, { title, category: 'kinh-te', tags: ['Yên Bái'] });
    await eventually(async () => {
      const home = (await b.query(HOME)).data.articles;
      expect(home.totalCount).toBe(before + 1);
      expect(home.edges[0].node.title).toBe(title);
      expect(JSON.stringify((await b.query(TAG_PAGE, { slug: 'yen-bai' })).data)).toContain(title);
    });
  });

  it('never lets replica B serve an article unpublished on replica A', async () => {
    const victim = await publishArticle(a, editor, { title: 'Bài sắp gỡ trên máy A', tags: ['Yên Bái'] });
    const pages = [() => b.query(ARTICLE, { slug: victim.slug }), () => b.query(HOME), () => b.query(TAG_PAGE, { slug: 'yen-bai' })];
    await eventually(async () => {
      for (const page of pages) expect(JSON.stringify((await page()).data)).toContain('Bài sắp gỡ trên máy A');
    });
    await unpublishArticle(a, editor, victim.id);
    await eventually(async () => {
      for (const page of pages) expect(JSON.stringify((await page()).data)).not.toContain('Bài sắp gỡ trên máy A');
    });
    expect((await b.query(ARTICLE, { slug: victim.slug })).data.article).toBeNull();
  });

  it('calls the purge webhook once per event, not once per replica', async () => {
    const calls: string[][] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        calls.push(JSON.parse(body).tags);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const env = { PURGE_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/` };
      const c = replica(env);
      replica(env);
      await settle();
      const published = await publishArticle(c, editor, { title: 'Một lần thôi' });
      await eventually(async () => expect(calls.some((tags) => tags.includes(`Article:${published.id}`))).toBe(true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(calls.filter((tags) => tags.includes(`Article:${published.id}`))).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
