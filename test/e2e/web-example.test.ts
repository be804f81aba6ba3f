/**
 * The reference article page (examples/web, issue 17 item 5) as a reader meets it: the gateway
 * on loopback over the demo content (embedded database and PostgreSQL), the example's own
 * server in a child process talking to it by persisted query only (the gateway runs with
 * TRUSTED_DOCUMENTS=require, so a query sent as text would fail the page), and Debian's
 * headless Chromium (playwright-core) opening the article, checking each part, following a
 * related link and an archive day. Screenshot: test-artifacts/web-article-page-<backend>.png
 * (not committed; test-artifacts/ is ignored).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../../src/seed/demo.js';
import { chromiumPath, hasChromium, launchChromium } from '../support/chromium.js';
import { reference } from '../support/corpus.js';
import { describeEachBackend } from '../support/databases.js';
import { serveGateway, type HttpGateway } from '../support/http-gateway.js';
import { projectRoot } from '../support/server-process.js';
import { eventually, EVENTUALLY_MS, SERVER_START_MS } from '../support/timeouts.js';

const artifactsDir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

if (!hasChromium)
  console.warn(`SKIPPING the reference page test: no Chromium at ${chromiumPath} (apt-get install -y chromium, or CHROMIUM_PATH).`);

/** `npm run web` (tsx examples/web/server.ts) with PORT=0; resolves with its URL. */
async function startExample(gatewayUrl: string) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'examples/web/server.ts'], {
    cwd: projectRoot,
    // A loaded test machine may take seconds for a first query.
    env: { ...process.env, GATEWAY_URL: gatewayUrl, PORT: '0', HOST: '127.0.0.1', GATEWAY_TIMEOUT_MS: String(EVENTUALLY_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await eventually(() => {
    const match = /Reference article page at (http:\/\/\S+\/)/.exec(output);
    if (!match) throw new Error(`the example never said where it listens:\n${output}`);
    return match[1]!;
    // tsx compiles it first: on a loaded machine that takes as long as a server's start.
  }, SERVER_START_MS);
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describeEachBackend('the reference article page (examples/web)', ({ db, backend }) => {
  let gateway: HttpGateway;
  let example: Awaited<ReturnType<typeof startExample>>;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;

  beforeAll(async () => {
    await seedDemoContent(db().prisma, { syntheticArticles: 40 });
    gateway = await serveGateway(db(), { TRUSTED_DOCUMENTS: 'require', RATE_LIMIT_PER_MINUTE: '0' });
    example = await startExample(gateway.url);
    if (!hasChromium) return;
    browser = await launchChromium({ width: 900, height: 1200 });
  });
  afterAll(async () => {
    await browser?.close();
    await example?.stop();
    await gateway?.close();
  });

  it('renders the article on the server from persisted queries, the JSON-LD in its head', async () => {
    const response = await fetch(new URL(`/bai-viet/${reference.slug}`, example.url));
    const html = await response.text();
    expect(response.status, example.output()).toBe(200);
    const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
    const structured = JSON.parse(jsonLd![1]!);
    expect(structured['@type']).toBe('NewsArticle');
    expect(structured.headline).toBe(reference.title);
    expect(structured.datePublished).toMatch(/\+07:00$/);
    expect(html.indexOf('application/ld+json')).toBeLessThan(html.indexOf('</head>'));
    // Unknown articles and bad paths are the example's 404, not an error from the gateway.
    expect((await fetch(new URL('/bai-viet/khong-co-bai-nay', example.url))).status).toBe(404);
    expect(example.output()).not.toMatch(/PERSISTED_QUERY|Error/);
  });

  describe.skipIf(!hasChromium)('in headless Chromium', () => {
    let page: Page;
    const pageErrors: string[] = [];
    const failedRequests: string[] = [];

    beforeAll(async () => {
      page = await browser!.context.newPage();
      page.setDefaultTimeout(EVENTUALLY_MS);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('requestfailed', (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
      page.on('response', (response) => void (response.status() >= 400 && failedRequests.push(`${response.url()}: ${response.status()}`)));
      await page.goto(new URL(`/bai-viet/${reference.slug}`, example.url).toString(), { waitUntil: 'load' });
    });

    it('shows headline, printed time (+07:00), dateline, lead, captioned picture with srcset, body, byline and tags', async () => {
      expect(await page.locator('h1').innerText()).toBe(reference.title);
      const time = page.locator('article .time time');
      expect(await time.innerText()).toBe('Thứ hai, 4/3/2024 | 2:26:47 PM');
      expect(await time.getAttribute('datetime')).toBe('2024-03-04T14:26:47+07:00');
      expect(await page.locator('.lead .dateline').innerText()).toBe('Yên Bái');
      expect(await page.locator('.lead').innerText()).toContain(reference.lead);

      const picture = page.locator('article figure').first();
      expect(await picture.locator('figcaption').innerText()).toBe(reference.caption);
      const webp = await picture.locator('source[type="image/webp"]').getAttribute('srcset');
      expect(webp).toMatch(/ 320w, .* 640w/);
      expect(webp).toContain(new URL(gateway.url).origin);
      // The browser picked a rendition and the gateway served it.
      await expect
        .poll(() => picture.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
          timeout: EVENTUALLY_MS,
        })
        .toBeGreaterThan(0);
      expect(await picture.locator('img').evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\.(avif|webp)$/);

      const paragraphs = await page.locator('article .body p').allInnerTexts();
      expect(paragraphs).toEqual(reference.body);
      expect(await page.locator('.byline').innerText()).toBe('Đức Toàn');
      expect(await page.locator('.tags a').allInnerTexts()).toEqual(['Lục Yên', 'dân vận khéo', 'mô hình']);
    });

    it('lists six other articles under "Các tin khác" and offers the archive picker on the article\'s day', async () => {
      expect(await page.locator('.related h2').innerText()).toBe('Các tin khác');
      expect(await page.locator('.related li a').count()).toBe(6);
      expect(await page.locator('.archive h2').innerText()).toBe('Xem các tin đã đưa ngày:');
      expect(await page.locator('.archive input[type="date"]').inputValue()).toBe('2024-03-04');
      expect((await page.locator('.archive label').allInnerTexts()).map((text) => text.trim())).toEqual([
        'Chuyên mục này',
        'Mọi chuyên mục',
      ]);
      expect(await page.locator('.calendar a[data-date="2024-03-04"]').count()).toBe(1);
    });

    it('follows a related link to that article', async () => {
      const link = page.locator('.related li a').first();
      const title = await link.innerText();
      await Promise.all([page.waitForURL(/\/bai-viet\//), link.click()]);
      expect(await page.locator('h1').innerText()).toBe(title);
      expect(await page.locator('.related li a').count()).toBe(6);
      await page.goBack({ waitUntil: 'load' });
      expect(await page.locator('h1').innerText()).toBe(reference.title);
    });

    it('opens an archive day from the picker, in this section and in all sections', async () => {
      await Promise.all([page.waitForURL(/\/ngay\/2024-03-04\?chuyen-muc=/), page.locator('.calendar a[data-date="2024-03-04"]').click()]);
      expect(await page.locator('h1').innerText()).toBe('Các tin đã đưa ngày 4/3/2024');
      const inSection = await page.locator('.day li a').allInnerTexts();
      expect(inSection).toContain(reference.title);

      // The form: the same day, "Mọi chuyên mục".
      await page.locator('.archive label', { hasText: 'Mọi chuyên mục' }).locator('input').check();
      await Promise.all([page.waitForURL(/\/ngay\/2024-03-04$/), page.locator('.archive button[type="submit"]').click()]);
      expect(await page.locator('.time').first().innerText()).toMatch(/tin trong mọi chuyên mục/);
      const everywhere = await page.locator('.day li a').allInnerTexts();
      expect(everywhere).toEqual(expect.arrayContaining(inSection));
      expect(everywhere.length).toBeGreaterThanOrEqual(inSection.length);

      await page.goto(new URL(`/bai-viet/${reference.slug}`, example.url).toString(), { waitUntil: 'load' });
      mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, `web-article-page-${backend}.png`), fullPage: true });
      // Tag links lead to the publisher's tag pages, which this example does not make: not followed.
      expect(failedRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  });
});
