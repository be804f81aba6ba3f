/**
 * Incremental delivery (issue 17 item 1): `@defer` and `@stream` over real HTTP on loopback,
 * read by plain fetch (multipart/mixed, part by part) and by Apollo Client 4; the limits judge
 * deferred and streamed selections; the response cache never serves a partial answer as a
 * whole one (it stores the merged answer once its last part is in, under the deferred
 * document's own key); a persisted (trusted) document may hold `@defer`.
 */
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/persisted/manifest.js';
import { mergeIncrementalParts, type IncrementalPart as SentPart } from '../../src/server/incremental-delivery.js';
import { reference, loadCorpus } from '../support/corpus.js';
import { describeEachBackend } from '../support/databases.js';
import { serveGateway, type HttpGateway } from '../support/http-gateway.js';
import { allParts, readParts, type IncrementalPart } from '../support/multipart.js';

const MULTIPART = 'multipart/mixed; deferSpec=20220824, application/json';

/** The article screen: what a reader sees at once, then "Các tin khác" in a later part. */
const SCREEN = /* GraphQL */ `
  query Screen($slug: String!, $related: Int!) {
    article(slug: $slug) {
      id
      title
      lead
      body {
        text
      }
      ... @defer(label: "related") {
        relatedArticles(first: $related) {
          id
          title
        }
      }
    }
  }
`;
/** The same fields in one answer. */
const WHOLE = /* GraphQL */ `
  query Whole($slug: String!, $related: Int!) {
    article(slug: $slug) {
      id
      title
      lead
      body {
        text
      }
      relatedArticles(first: $related) {
        id
        title
      }
    }
  }
`;

function post(url: string, query: string, variables: Record<string, unknown>, accept = MULTIPART, extra: object = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query, variables, ...extra }),
  });
}

/** The answer with every later part merged in, as a client ends up with it. */
const merged = (parts: IncrementalPart[]): any => mergeIncrementalParts(parts as SentPart[]).data;

describeEachBackend('incremental delivery (@defer, @stream) over HTTP', ({ db }) => {
  let gateway: HttpGateway;
  beforeAll(async () => {
    await loadCorpus(db().prisma);
    // The manifest's documents run by hash (persisted operations), anything else as text.
    gateway = await serveGateway(db(), { TRUSTED_DOCUMENTS: 'allow', RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(() => gateway?.close());

  describe('plain fetch reading multipart/mixed', () => {
    it('gets title, lead and body in the first part and the related articles in a later one', async () => {
      const response = await post(gateway.url, SCREEN, { slug: reference.slug, related: 6 });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
      // A stream is no CDN's to keep.
      expect(response.headers.get('cache-control')).toBe('private, no-store');

      const parts: IncrementalPart[] = [];
      for await (const part of readParts(response)) parts.push(part);
      const [first, ...later] = parts;
      expect(first!.hasNext).toBe(true);
      expect(first!.data.article).toMatchObject({ title: reference.title, lead: reference.lead });
      expect(first!.data.article.body.map((block: { text: string }) => block.text)).toEqual(reference.body);
      expect(first!.data.article).not.toHaveProperty('relatedArticles');
      expect(later.at(-1)!.hasNext).toBe(false);
      const patch = later.flatMap((part) => part.incremental ?? []).find((one) => one.label === 'related')!;
      expect(patch.path).toEqual(['article']);
      expect(patch.data.relatedArticles.length).toBeGreaterThan(0);
      // Nothing private leaves the gateway in any part (cache tags, cache metadata).
      for (const part of parts) expect(JSON.stringify(part)).not.toMatch(/x-cache-tags|x-extra-cache-tags|responseCache/);

      // The same content as the undeferred document.
      const whole = await (await post(gateway.url, WHOLE, { slug: reference.slug, related: 6 }, 'application/json')).json();
      expect(merged(parts)).toEqual(whole.data);
    });

    it('streams a list: the first items at once, the rest item by item (@stream)', async () => {
      const query = `query Streamed($slug: String!) { article(slug: $slug) { title relatedArticles(first: 5) @stream(initialCount: 2) { id title } } }`;
      const parts = await allParts(await post(gateway.url, query, { slug: reference.slug }));
      expect(parts[0]!.data.article.relatedArticles).toHaveLength(2);
      const items = parts.slice(1).flatMap((part) => (part.incremental ?? []).flatMap((one) => one.items ?? []));
      expect(items.length).toBeGreaterThan(0);
      const whole = await (
        await post(gateway.url, `query($slug: String!) { article(slug: $slug) { title relatedArticles(first: 5) { id title } } }`, {
          slug: reference.slug,
        })
      ).json();
      expect(merged(parts)).toEqual(whole.data);
    });

    it('answers a client that accepts only JSON in one part, complete', async () => {
      const response = await post(gateway.url, SCREEN, { slug: reference.slug, related: 4 }, 'application/graphql-response+json');
      expect(response.headers.get('content-type')).toMatch(/json/);
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      expect(body.data.article.relatedArticles).toHaveLength(4);
    });
  });

  describe('Apollo Client 4 (incremental delivery over multipart HTTP)', () => {
    it('shows the article while the related articles stream in, then the whole screen', async () => {
      const client = new ApolloClient({
        link: new HttpLink({ uri: gateway.url }),
        cache: new InMemoryCache(),
        incrementalHandler: new Defer20220824Handler(),
      });
      const seen: { dataState: string; related: number | undefined; title: string | undefined }[] = [];
      await new Promise<void>((resolve, reject) => {
        const subscription = client.watchQuery({ query: gql(SCREEN), variables: { slug: reference.slug, related: 3 } }).subscribe({
          next: (result) => {
            const article = (result.data as { article?: { title: string; relatedArticles?: unknown[] } } | undefined)?.article;
            if (result.error) return reject(result.error);
            if (result.dataState === 'empty') return;
            seen.push({ dataState: result.dataState, related: article?.relatedArticles?.length, title: article?.title });
            if (result.dataState === 'complete') {
              subscription.unsubscribe();
              resolve();
            }
          },
          error: reject,
        });
      });
      expect(seen[0]).toEqual({ dataState: 'streaming', related: undefined, title: reference.title });
      expect(seen.at(-1)).toEqual({ dataState: 'complete', related: 3, title: reference.title });
      client.stop();
    });
  });

  describe('the limits see deferred and streamed selections', () => {
    const refusal = async (query: string) => {
      const parts = await allParts(await post(gateway.url, query, { slug: reference.slug }));
      expect(parts).toHaveLength(1);
      expect(parts[0]!.data).toBeUndefined();
      return parts[0]!.errors?.[0]?.extensions?.code;
    };

    it('prices a deferred fragment: too costly a page is refused before any part is sent', async () => {
      const costly = `{ articles(first: 50) { edges { node { title ... @defer { relatedArticles(first: 20) { body { text } tags { name } } } } } } }`;
      expect(await refusal(costly)).toBe('QUERY_TOO_COMPLEX');
    });

    it('counts the depth inside a deferred fragment', async () => {
      let selection = 'id';
      for (let i = 0; i < 12; i++) selection = `relatedArticles(first: 1) { ${selection} }`;
      expect(await refusal(`query($slug: String!) { article(slug: $slug) { id ... @defer { ${selection} } } }`)).toBe('QUERY_TOO_DEEP');
    });

    it('counts aliases inside a deferred fragment and a streamed list', async () => {
      const aliases = Array.from({ length: 31 }, (_, i) => `t${i}: title`).join(' ');
      expect(await refusal(`query($slug: String!) { article(slug: $slug) { id ... @defer { ${aliases} } } }`)).toBe('TOO_MANY_ALIASES');
      expect(await refusal(`query($slug: String!) { article(slug: $slug) { relatedArticles(first: 2) @stream { ${aliases} } } }`)).toBe(
        'TOO_MANY_ALIASES',
      );
    });

    it('counts a deferred request once against the rate limit, and refuses it past the limit', async () => {
      const limited = await serveGateway(db(), { RATE_LIMIT_PER_MINUTE: '2' });
      try {
        for (let i = 0; i < 2; i++) {
          // Another list size each time: a miss, answered in parts.
          const parts = await allParts(await post(limited.url, SCREEN, { slug: reference.slug, related: 2 + i }));
          expect(parts.length).toBeGreaterThan(1);
        }
        const third = await post(limited.url, SCREEN, { slug: reference.slug, related: 2 });
        expect(third.status).toBe(429);
        expect((await third.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
      } finally {
        await limited.close();
      }
    });
  });

  describe('the response cache and deferred answers', () => {
    const cacheStatus = (response: Response) => response.headers.get('cache-status') ?? '';

    it('after a cached whole answer, a deferred request still gets every part, then the whole from the cache', async () => {
      const variables = { slug: reference.slug, related: 5 };
      const whole = await post(gateway.url, WHOLE, variables, 'application/json');
      expect(cacheStatus(whole)).toMatch(/stored/);
      const wholeData = (await whole.json()).data;
      expect((await post(gateway.url, WHOLE, variables, 'application/json')).headers.get('cache-status')).toMatch(/hit/);

      // Another document (its key holds the text): a miss, delivered in parts.
      const deferred = await post(gateway.url, SCREEN, variables);
      expect(cacheStatus(deferred)).toMatch(/fwd=miss/);
      const parts = await allParts(deferred);
      expect(parts.length).toBeGreaterThan(1);
      expect(merged(parts)).toEqual(wholeData);

      // Stored once the last part was in: the next one is served whole from the cache.
      const again = await post(gateway.url, SCREEN, variables);
      expect(cacheStatus(again)).toMatch(/hit/);
      const hit = await allParts(again);
      expect(hit).toHaveLength(1);
      expect(hit[0]!.data).toEqual(wholeData);
      expect(JSON.stringify(hit)).not.toMatch(/x-cache-tags|responseCache/);
    });

    it('after a cached deferred answer, a whole request gets the whole answer, not the first part', async () => {
      const variables = { slug: reference.slug, related: 3 };
      const parts = await allParts(await post(gateway.url, SCREEN, variables));
      expect(parts.length).toBeGreaterThan(1);
      expect(cacheStatus(await post(gateway.url, SCREEN, variables))).toMatch(/hit/);

      const whole = await post(gateway.url, WHOLE, variables, 'application/json');
      expect(cacheStatus(whole)).toMatch(/fwd=miss/);
      const data = (await whole.json()).data;
      expect(data.article.relatedArticles).toHaveLength(3);
      expect(data).toEqual(merged(parts));
    });

    it('stores nothing when the client leaves before the last part', async () => {
      const variables = { slug: reference.slug, related: 2 };
      const controller = new AbortController();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: MULTIPART },
        body: JSON.stringify({ query: SCREEN, variables }),
        signal: controller.signal,
      });
      const reader = readParts(response);
      expect((await reader.next()).value?.hasNext).toBe(true);
      controller.abort();
      await reader.return(undefined).catch(() => {});
      // Whatever the server had made by then, the next request is not served a part of it.
      const next = await allParts(await post(gateway.url, SCREEN, variables));
      expect(merged(next).article.relatedArticles).toHaveLength(2);
    });

    it('files a deferred answer under the same tags as the whole one (so publishing purges it)', async () => {
      const get = (query: string, variables: Record<string, unknown>, accept: string) => {
        const url = new URL(gateway.url);
        url.searchParams.set('query', query);
        url.searchParams.set('variables', JSON.stringify(variables));
        return fetch(url, { headers: { accept } });
      };
      const variables = { slug: reference.slug, related: 6 };
      await allParts(await get(SCREEN, variables, MULTIPART));
      const deferredHit = await get(SCREEN, variables, MULTIPART);
      expect(cacheStatus(deferredHit)).toMatch(/hit/);
      await deferredHit.arrayBuffer();
      await (await get(WHOLE, variables, 'application/json')).arrayBuffer();
      const wholeHit = await get(WHOLE, variables, 'application/json');
      expect(cacheStatus(wholeHit)).toMatch(/hit/);
      const keys = (response: Response) => (response.headers.get('surrogate-key') ?? '').split(' ').sort();
      // The related list's tags (one per tag of the source article) come from a deferred resolver.
      expect(keys(deferredHit).filter((key) => key.startsWith('Related'))).not.toEqual([]);
      expect(keys(deferredHit)).toEqual(keys(wholeHit));
    });
  });

  it('runs a persisted document holding @defer by its hash (examples/operations/ArticleScreen.graphql)', async () => {
    const manifest = loadManifest(gateway.config.persistedOperations.manifestPath);
    const [hash] = [...manifest].find(([, document]) => /query ArticleScreen\b/.test(document))!;
    const parts = await allParts(
      await post(gateway.url, undefined as unknown as string, { slug: reference.slug }, MULTIPART, {
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      }),
    );
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.data.article.title).toBe(reference.title);
    expect(parts[0]!.data.article).not.toHaveProperty('relatedArticles');
    expect(merged(parts).article.relatedArticles.length).toBeGreaterThan(0);
  });
});
