/**
 * HTTP caching for CDNs and apps: Cache-Control, ETag and 304, Surrogate-Key / Cache-Tag with
 * the response's entity tags, and the purge webhook a CDN receiver listens on.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatLocalDate, localDateOf } from '../../src/domain/local-time.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyPurgeSignature } from '../../src/cache/purge-webhook.js';
import { createArticleEventBus } from '../../src/events/article-events.js';
import { describeEachBackend } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import {
  createTaxonomy,
  eventually,
  getQuery,
  publishArticle,
  unpublishArticle,
  updateArticle,
  type PublishedArticle,
} from '../support/caching.js';

const ARTICLE = `query Article($slug: String!) { article(slug: $slug) { id title author { name } category { name parent { name } } tags { name } } }`;

/** A purge receiver on loopback, as a CDN's purge relay would be. */
async function purgeReceiver() {
  const calls: { id: number; tags: string[]; signed: boolean }[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const timestamp = String(request.headers[TIMESTAMP_HEADER]);
      const signed = verifyPurgeSignature('s3cret', timestamp, body, request.headers[SIGNATURE_HEADER] as string | undefined);
      calls.push({ ...JSON.parse(body), signed });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeEachBackend('HTTP caching', ({ db }) => {
  let api: TestGateway;
  let editor: string;
  let article: PublishedArticle;
  let receiver: Awaited<ReturnType<typeof purgeReceiver>>;
  let ids: { tag: string; section: string; parent: string; author: string };

  beforeAll(async () => {
    const taxonomy = await createTaxonomy(db().prisma);
    editor = await createEditorToken(db().prisma);
    receiver = await purgeReceiver();
    api = createTestGateway(db(), { PURGE_WEBHOOK_URL: receiver.url, PURGE_WEBHOOK_SECRET: 's3cret' }, createArticleEventBus());
    article = await publishArticle(api, editor, {
      title: 'Lục Yên vào mùa lúa',
      category: 'trong-tinh',
      author: 'duc-toan',
      tags: ['Lục Yên'],
    });
    const tag = await db().prisma.tag.findUniqueOrThrow({ where: { slug: 'luc-yen' } });
    ids = {
      tag: encodeGlobalID('Tag', tag.id),
      section: encodeGlobalID('Category', taxonomy.trongTinh.id),
      parent: encodeGlobalID('Category', taxonomy.thoiSu.id),
      author: encodeGlobalID('Author', taxonomy.ducToan.id),
    };
  });
  afterAll(async () => {
    await api.dispose();
    await receiver.close();
  });

  it('lets CDNs and apps keep a reader’s GET query, revalidate it and purge it by tag', async () => {
    const response = await getQuery(api, ARTICLE, { slug: article.slug });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data.article.id).toBe(article.id);
    expect(response.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=30, stale-if-error=86400');
    expect(response.headers.get('etag')).toMatch(/^W\/"[\w-]{27}"$/);
    expect(response.headers.get('vary')).toMatch(/Accept/);
    expect(response.headers.get('vary')).toMatch(/Authorization/);
    expect(response.headers.get('last-modified')).toBeNull();
    // Tags are typename + the Relay global id the response itself carries.
    const keys = response.headers.get('surrogate-key')!.split(' ');
    expect(keys).toEqual(
      expect.arrayContaining([
        `Article:${article.id}`,
        `Tag:${ids.tag}`,
        `Category:${ids.section}`,
        `Category:${ids.parent}`,
        `Author:${ids.author}`,
      ]),
    );
    expect(keys).not.toContain('List:Article'); // one article's page is no list
    expect(response.headers.get('cache-tag')!.split(',')).toEqual(keys);
  });

  it('answers If-None-Match with 304 Not Modified while the data is the same, and 200 once it changed', async () => {
    const first = await getQuery(api, ARTICLE, { slug: article.slug });
    const etag = first.headers.get('etag')!;
    const revalidated = await getQuery(api, ARTICLE, { slug: article.slug }, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('cache-control')).toMatch(/^public/);
    // Another ETag, a list of them, or a strong form of ours:
    expect((await getQuery(api, ARTICLE, { slug: article.slug }, { 'if-none-match': 'W/"other"' })).status).toBe(200);
    expect((await getQuery(api, ARTICLE, { slug: article.slug }, { 'if-none-match': `W/"x", ${etag}` })).status).toBe(304);
    expect((await getQuery(api, ARTICLE, { slug: article.slug }, { 'if-none-match': etag.slice(2) })).status).toBe(304);

    await updateArticle(api, editor, article.id, { lead: 'Sa pô mới.', title: 'Lục Yên vào mùa gặt' });
    const changed = await getQuery(api, ARTICLE, { slug: 'luc-yen-vao-mua-gat' }, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    article = { ...article, slug: 'luc-yen-vao-mua-gat' };
  });

  it('gives the same ETag to a cache hit as to the miss that stored it', async () => {
    const query = `{ categories { id name } }`;
    const miss = await getQuery(api, query);
    const hit = await getQuery(api, query);
    expect(miss.headers.get('cache-status')).toMatch(/fwd=miss; stored/);
    expect(hit.headers.get('cache-status')).toBe('news-gateway; hit');
    expect(hit.headers.get('etag')).toBe(miss.headers.get('etag'));
    expect(hit.headers.get('surrogate-key')).toBe(miss.headers.get('surrogate-key'));
    expect(hit.headers.get('surrogate-key')).toContain('List:Category');
  });

  it('tags lists with List:Article and archive pages with their day', async () => {
    const list = await getQuery(api, `{ articles(first: 5) { edges { node { id title } } } }`);
    expect(list.headers.get('surrogate-key')!.split(' ')).toEqual(expect.arrayContaining(['List:Article', `Article:${article.id}`]));
    const today = formatLocalDate(localDateOf(new Date()));
    const archive = await getQuery(
      api,
      `query($d: LocalDate!) { dailyArchive(date: $d) { totalCount articles(first: 5) { edges { node { title } } } } }`,
      { d: today },
    );
    const keys = archive.headers.get('surrogate-key')!.split(' ');
    expect(keys).toContain(`DailyArchive:${today}`);
    expect(keys).not.toContain('List:Article');
    expect((await archive.json()).data.dailyArchive).not.toHaveProperty('date'); // the id the cache asked for stays internal
  });

  it('keeps POST, editors, errors and mutations private', async () => {
    const post = await api.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ARTICLE, variables: { slug: article.slug } }),
    });
    const asEditor = await getQuery(api, ARTICLE, { slug: article.slug }, { authorization: `Bearer ${editor}` });
    const failing = await getQuery(api, `{ article(slug: "x", id: "y") { title } }`);
    const mutationOverGet = await getQuery(api, `mutation { createTag(input: { name: "x" }) { __typename } }`);
    expect(mutationOverGet.status).toBe(405);
    for (const response of [post, asEditor, failing, mutationOverGet]) {
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('etag')).toBeNull();
      expect(response.headers.get('surrogate-key')).toBeNull();
    }
  });

  it('takes max-age, s-maxage and stale-while-revalidate from the configuration', async () => {
    const configured = createTestGateway(db(), {
      HTTP_CACHE_MAX_AGE_SECONDS: '0',
      HTTP_CACHE_S_MAXAGE_SECONDS: '600',
      HTTP_CACHE_STALE_WHILE_REVALIDATE_SECONDS: '120',
      RESPONSE_CACHE: 'off',
      PURGE_WEBHOOK_URL: receiver.url,
    });
    const response = await getQuery(configured, `{ categories { name } }`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=600, stale-while-revalidate=120, stale-if-error=86400');
    // Without the response cache, the tags are still collected for the CDN that is purged.
    expect(response.headers.get('surrogate-key')).toContain('Category:');
    await configured.dispose();
  });

  it('collects no tags when neither the response cache nor a CDN purge would use them', async () => {
    const bare = createTestGateway(db(), { RESPONSE_CACHE: 'off' });
    const query = `{ categories { name } }`;
    const response = await getQuery(bare, query);
    expect(response.status).toBe(200);
    // Still public and validated by ETag (a CDN or an app may cache it for max-age) …
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(response.headers.get('etag')).toMatch(/^W\/"/);
    expect((await getQuery(bare, query, {}, { 'if-none-match': response.headers.get('etag')! })).status).toBe(304);
    // … but without tags, and its answer is exactly what the client asked for: no `id` or
    // `__typename` added by the cache's bookkeeping.
    expect(response.headers.get('surrogate-key')).toBeNull();
    expect(response.headers.get('cache-tag')).toBeNull();
    const body = (await response.json()) as { data: { categories: Record<string, unknown>[] } };
    expect(body.data.categories.length).toBeGreaterThan(0);
    for (const category of body.data.categories) expect(Object.keys(category)).toEqual(['name']);
    await bare.dispose();
  });

  it('calls the purge webhook with the tags of each publish event', async () => {
    receiver.calls.length = 0;
    const fresh = await publishArticle(api, editor, {
      title: 'Bài cho CDN',
      category: 'trong-tinh',
      author: 'duc-toan',
      tags: ['Lục Yên'],
    });
    const day = formatLocalDate(localDateOf(new Date()));
    const published = await eventually(async () => {
      const call = receiver.calls.find((c) => c.tags.includes(`Article:${fresh.id}`) && c.tags.includes('List:Article'));
      expect(call).toBeDefined();
      return call!;
    });
    // Signed with the shared secret (HMAC-SHA256 of timestamp and body), which is never sent.
    expect(published.signed).toBe(true);
    expect(published.tags).toEqual(
      expect.arrayContaining([
        `Article:${fresh.id}`,
        `Tag:${ids.tag}`,
        `Category:${ids.section}`,
        `Category:${ids.parent}`,
        `Author:${ids.author}`,
        `DailyArchive:${day}`,
        'List:Article',
      ]),
    );
    // The CDN's copy carried these same tags:
    const page = await getQuery(api, ARTICLE, { slug: fresh.slug });
    for (const key of page.headers.get('surrogate-key')!.split(' ')) if (!key.startsWith('List:')) expect(published.tags).toContain(key);

    receiver.calls.length = 0;
    await unpublishArticle(api, editor, fresh.id);
    await eventually(async () => expect(receiver.calls.some((c) => c.tags.includes(`Article:${fresh.id}`))).toBe(true));

    // A draft's saves send no event, and purge nothing at the CDN.
    receiver.calls.length = 0;
    await api.query(`mutation { createArticle(input: { title: "Bản nháp" }) { __typename } }`, {}, editor);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.calls).toEqual([]);
  });

  it('purges a renamed tag at the CDN too', async () => {
    receiver.calls.length = 0;
    const renamed = await api.query(
      `mutation($id: ID!) { renameTag(id: $id, name: "Huyện Lục Yên") { ... on MutationRenameTagSuccess { data { id } } } }`,
      { id: ids.tag },
      editor,
    );
    expect(renamed.data.renameTag.data.id).toBe(ids.tag);
    await eventually(async () =>
      expect(receiver.calls.flatMap((call) => call.tags)).toEqual(expect.arrayContaining([`Tag:${ids.tag}`, 'List:Tag'])),
    );
  });
});
