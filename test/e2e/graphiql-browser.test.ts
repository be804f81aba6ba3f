/**
 * GraphiQL as a developer meets it: the real gateway on loopback, opened in Debian's headless
 * Chromium (driven by playwright-core), with the default example query run from the page.
 * The machine has no internet, so this also proves that GraphiQL needs no CDN.
 *
 * Chromium comes from apt (`.ci/run` installs it). Set CHROMIUM_PATH to use another binary.
 * Only when there is none at all is the browser part skipped, with a message saying why.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_ASSETS_PREFIX, loadGraphiqlAssets } from '../../src/server/graphiql-assets.js';
import { chromiumPath, hasChromium, launchChromium } from '../support/chromium.js';
import { reference } from '../support/corpus.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { EVENTUALLY_MS } from '../support/timeouts.js';

const artifactsDir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

if (!hasChromium) {
  console.warn(
    `SKIPPING the GraphiQL browser test: no Chromium at ${chromiumPath}. ` +
      'Install it with `apt-get install -y chromium` (as .ci/run does) or set CHROMIUM_PATH.',
  );
}

async function assetUrls(server: DemoServer): Promise<string[]> {
  const html = await (await fetch(server.url, { headers: { accept: 'text/html' } })).text();
  return [...html.matchAll(/(?:href|src)="([^"]+)"|"(\/graphiql\/assets\/[^"]+)"/g)].map((m) =>
    new URL(m[1] ?? m[2]!, server.url).toString(),
  );
}

// Both servers start at once: a fresh embedded database takes a few seconds to create.
let server: DemoServer;
let production: DemoServer;
beforeAll(async () => {
  [server, production] = await Promise.all([startDemoServer(), startDemoServer({ NODE_ENV: 'production', SEED_DEMO: 'false' })]);
});
afterAll(() => Promise.all([server?.stop(), production?.stop()]));

describe('GraphiQL at /graphql (development)', () => {
  it('is a small page whose script, styles, editor workers and icon all come from this server', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html.length).toBeLessThan(20_000);
    expect(html).not.toMatch(/unpkg|jsdelivr|https?:\/\//);
    const urls = await assetUrls(server);
    const origin = new URL(server.url).origin;
    expect(urls.length).toBe(6);
    for (const url of urls) {
      expect(url.startsWith(origin + GRAPHIQL_ASSETS_PREFIX)).toBe(true);
      const asset = await fetch(url);
      expect(asset.status, url).toBe(200);
      await asset.arrayBuffer();
    }
  });

  it('serves the assets immutably cacheable, revalidated by ETag, gzipped when asked', async () => {
    const script = (await assetUrls(server)).find((url) => /yoga-graphiql\.[0-9a-f]+\.js$/.test(url))!;
    const plain = await fetch(script, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const plainLength = Number(plain.headers.get('content-length'));
    expect(plainLength).toBeGreaterThan(1_000_000);
    expect((await plain.arrayBuffer()).byteLength).toBe(plainLength);

    // fetch() asks for gzip and inflates it; the header still says what travelled.
    const zipped = await fetch(script, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(Number(zipped.headers.get('content-length'))).toBeLessThan(plainLength / 2);
    expect((await zipped.text()).length).toBeGreaterThan(1_000_000);

    const revalidated = await fetch(script, { headers: { 'if-none-match': plain.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);

    expect((await fetch(new URL(`${GRAPHIQL_ASSETS_PREFIX}yoga-graphiql.0000.js`, server.url))).status).toBe(404);
    expect((await fetch(script, { method: 'POST' })).status).toBe(405);
  });

  describe.skipIf(!hasChromium)('in headless Chromium', () => {
    let browser: Awaited<ReturnType<typeof launchChromium>>;
    let context: BrowserContext;

    beforeAll(async () => {
      browser = await launchChromium({ width: 1400, height: 900 });
      context = browser.context;
    });
    afterAll(() => browser?.close());

    it("runs the default example query and shows the reference article's title with its diacritics", async () => {
      const page = await context.newPage();
      page.setDefaultTimeout(EVENTUALLY_MS);
      const pageErrors: string[] = [];
      const foreignRequests: string[] = [];
      const failedRequests: string[] = [];
      const origin = new URL(server.url).origin;
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(origin) && !/^(data|blob):/.test(url)) foreignRequests.push(url);
      });
      page.on('requestfailed', (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));

      await page.goto(server.url, { waitUntil: 'load' });
      const run = page.getByRole('button', { name: /execute query/i });
      await run.waitFor({ state: 'visible', timeout: EVENTUALLY_MS });
      // The editor holds the default query, as the server put it into the page. (Monaco draws
      // spaces as no-break spaces.)
      const textOf = async (selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');
      await expect.poll(() => textOf('.graphiql-query-editor'), { timeout: EVENTUALLY_MS }).toContain('query ArticlePage');

      // (GraphiQL also POSTs its introspection query, at any moment after load.)
      const graphqlResponse = page.waitForResponse(
        (r) =>
          r.url() === server.url && r.request().method() === 'POST' && /"operationName":"ArticlePage"/.test(r.request().postData() ?? ''),
      );
      await run.click();
      const answer = await (await graphqlResponse).json();
      expect(answer.errors).toBeUndefined();
      expect(answer.data.article.title).toBe(reference.title);

      const resultPane = page.locator('.graphiql-response');
      await resultPane.getByText(reference.title).first().waitFor({ timeout: EVENTUALLY_MS });
      const shown = await textOf('.graphiql-response');
      expect(shown).toContain(`"title": "${reference.title}"`);
      // The editor draws only the lines in view: these are the ones near the top.
      expect(shown).toContain('"dateline": "Yên Bái"');
      expect(shown).toContain('"publishedAtText": "Thứ hai, 4/3/2024 | 2:26:47 PM"');

      mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, 'graphiql-article-page.png') });

      expect(foreignRequests).toEqual([]);
      expect(failedRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.close();
    });
  });
});

describe('GraphiQL with NODE_ENV=production', () => {
  it('is off, and so are its assets', async () => {
    const page = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    await page.arrayBuffer();
    const { css } = await loadGraphiqlAssets();
    const asset = await fetch(new URL(GRAPHIQL_ASSETS_PREFIX + css.fileName, production.url));
    expect(asset.status).toBe(404);
    await asset.arrayBuffer();
  });
});
