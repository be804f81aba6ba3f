import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoContent } from '../../src/seed/demo.js';
import { describeEachBackend } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const SITE = 'https://baoyenbai.example';
const REFERENCE_URL = `${SITE}/bai-viet/luc-yen-co-tren-400-mo-hinh-dan-van-kheo`;
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0700$/;
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;
const FRESH_TITLE = 'Yên Bái khai trương tuyến xe buýt mới';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['item', 'entry', 'url', 'sitemap', 'category'].includes(name),
});

async function xml(api: TestGateway, path: string, type: RegExp) {
  const response = await api.fetch(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type'), path).toMatch(type);
  const body = await response.text();
  expect(XMLValidator.validate(body), path).toBe(true);
  return { response, body, doc: parser.parse(body) };
}

describeEachBackend(
  'feeds and sitemaps',
  ({ db }) => {
    let api: TestGateway;
    beforeAll(() => {
      api = createTestGateway(db(), { SITE_URL: SITE, HTTP_CACHE_S_MAXAGE_SECONDS: '600' });
    });
    afterAll(() => api?.dispose());

    it('RSS 2.0 of the front page: a channel with its required elements, items newest first, +0700 dates', async () => {
      const { doc, response } = await xml(api, '/feeds/rss.xml', /^application\/rss\+xml/);
      expect(doc.rss['@version']).toBe('2.0');
      const { channel } = doc.rss;
      expect(channel).toMatchObject({ title: 'Báo Yên Bái', link: SITE, description: 'Báo Yên Bái', language: 'vi' });
      expect(channel['atom:link']['@rel']).toBe('self');
      expect(channel.item.length).toBeGreaterThan(10);
      expect(channel.item.length).toBeLessThanOrEqual(50);
      for (const item of channel.item) {
        expect(item.title).toEqual(expect.any(String));
        expect(item.link).toMatch(/^https:\/\/baoyenbai\.example\/bai-viet\//);
        expect(item.guid['#text']).toBe(item.link);
        expect(item.pubDate).toMatch(RFC822);
      }
      const times = channel.item.map((item: any) => Date.parse(item.pubDate));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(channel.item[0].title).toBe(FRESH_TITLE);
      // Tagged as the GraphQL lists are, so a publication's purge reaches the CDN's copy.
      expect(response.headers.get('surrogate-key')).toBe('List:Article');
      expect(response.headers.get('cache-control')).toBe(
        'public, max-age=30, s-maxage=600, stale-while-revalidate=30, stale-if-error=86400',
      );
    });

    it('Atom of a section and of a tag: id, title, updated, author and links, entries of that section or tag only', async () => {
      const section = await xml(api, '/feeds/chuyen-muc/chinh-tri/atom.xml', /^application\/atom\+xml/);
      const { feed } = section.doc;
      expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
      expect(feed.title).toBe('Chính trị – Báo Yên Bái');
      expect(feed.id).toBe(`${SITE}/feeds/chuyen-muc/chinh-tri/atom.xml`);
      expect(feed.updated).toMatch(W3C);
      expect(feed.author.name).toBe('Báo Yên Bái');
      expect(feed.entry.map((entry: any) => entry.id)).toContain(REFERENCE_URL);
      for (const entry of feed.entry) {
        expect(entry.title).toEqual(expect.any(String));
        expect(entry.updated).toMatch(W3C);
        expect(entry.published).toMatch(W3C);
        expect(entry.link['@href']).toBe(entry.id);
        expect(entry.author.name).toEqual(expect.any(String));
      }
      const reference = feed.entry.find((entry: any) => entry.id === REFERENCE_URL);
      expect(reference).toMatchObject({ title: 'Lục Yên có trên 400 mô hình “Dân vận khéo”', published: '2024-03-04T14:26:47+07:00' });
      expect(reference.category.map((c: any) => c['@term'])).toEqual(['Xây dựng Đảng', 'Lục Yên', 'dân vận khéo', 'mô hình']);
      expect(section.response.headers.get('surrogate-key')).toMatch(/^List:Article Category:\S+$/);

      const tag = await xml(api, '/feeds/tag/luc-yen/rss.xml', /^application\/rss\+xml/);
      const items = tag.doc.rss.channel.item;
      expect(items.map((item: any) => item.link)).toContain(REFERENCE_URL);
      for (const item of items) expect(item.category).toContain('Lục Yên');
    });

    it('a sitemap index of the news sitemap and one sitemap per month; a month lists its articles', async () => {
      const index = await xml(api, '/sitemap.xml', /^application\/xml/);
      const sitemaps = index.doc.sitemapindex.sitemap;
      expect(index.doc.sitemapindex['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
      const locations = sitemaps.map((s: any) => s.loc);
      expect(locations[0]).toBe(`${SITE}/sitemaps/news.xml`);
      expect(locations).toContain(`${SITE}/sitemaps/articles-2024-03.xml`);
      for (const sitemap of sitemaps) expect(sitemap.lastmod).toMatch(W3C);

      const march = await xml(api, '/sitemaps/articles-2024-03.xml', /^application\/xml/);
      const urls = march.doc.urlset.url;
      expect(urls.map((u: any) => u.loc)).toContain(REFERENCE_URL);
      for (const url of urls) expect(url.lastmod).toMatch(W3C);
      expect(urls.length).toBeLessThanOrEqual(50_000);
      // Every month the index names answers.
      for (const location of locations.slice(1)) {
        const month = await xml(api, location.slice(SITE.length), /^application\/xml/);
        expect(month.doc.urlset.url.length, location).toBeGreaterThan(0);
      }
    });

    it('a Google News sitemap of the last 48 hours, with publication, language, date and title', async () => {
      const { doc } = await xml(api, '/sitemaps/news.xml', /^application\/xml/);
      expect(doc.urlset['@xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
      const urls = doc.urlset.url;
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) {
        const news = url['news:news'];
        expect(news['news:publication']).toEqual({ 'news:name': 'Báo Yên Bái', 'news:language': 'vi' });
        expect(news['news:publication_date']).toMatch(W3C);
        expect(Date.now() - Date.parse(news['news:publication_date'])).toBeLessThan(48 * 3_600_000);
      }
      expect(urls.map((url: any) => url['news:news']['news:title'])).toEqual([FRESH_TITLE]);
    });

    it('answers 304 to its ETag and Last-Modified, and changes both when an article is published', async () => {
      const first = await api.fetch('/feeds/rss.xml');
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect((await api.fetch('/feeds/rss.xml', { headers: { 'if-none-match': etag } })).status).toBe(304);
      expect((await api.fetch('/feeds/rss.xml', { headers: { 'if-modified-since': lastModified } })).status).toBe(304);

      const scheduled = await db().prisma.article.findFirstOrThrow({ where: { slug: 'feeds-test-scheduled' } });
      await db().prisma.article.update({ where: { id: scheduled.id }, data: { publishedAt: new Date(Date.now() - 60_000) } });
      const after = await api.fetch('/feeds/rss.xml', { headers: { 'if-none-match': etag } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      expect(await after.text()).toContain('Bài hẹn giờ đã đến giờ đăng');
    });

    it('refuses unknown sections, tags, months and methods with a code', async () => {
      for (const probe of [
        '/feeds/tag/khong-co/rss.xml',
        '/feeds/chuyen-muc/khong-co/atom.xml',
        '/sitemaps/articles-2024-13.xml',
        '/feeds/rss.json',
        '/sitemaps/x.xml',
      ]) {
        const response = await api.fetch(probe);
        expect(response.status, probe).toBe(404);
        expect((await response.json()).errors[0].extensions.code).toBe('NOT_FOUND');
      }
      const post = await api.fetch('/feeds/rss.xml', { method: 'POST' });
      expect(post.status).toBe(405);
    });
  },
  async (database) => {
    await seedDemoContent(database.prisma, { syntheticArticles: 12 });
    const hour = 3_600_000;
    await database.prisma.article.create({
      data: {
        slug: 'xe-buyt-moi',
        title: FRESH_TITLE,
        lead: 'Tuyến mới nối thành phố với Lục Yên.',
        status: 'PUBLISHED',
        publishedAt: new Date(Date.now() - hour),
      },
    });
    await database.prisma.article.create({
      data: {
        slug: 'feeds-test-scheduled',
        title: 'Bài hẹn giờ đã đến giờ đăng',
        lead: '…',
        status: 'PUBLISHED',
        publishedAt: new Date(Date.now() + 1000 * hour),
      },
    });
  },
);
