import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoContent } from '../../src/seed/demo.js';
import { describeEachBackend } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const REFERENCE = 'luc-yen-co-tren-400-mo-hinh-dan-van-kheo';
const TITLE = 'Lục Yên có trên 400 mô hình “Dân vận khéo”';
const OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

const ARTICLE_HEAD = `query ($slug: String!) {
  article(slug: $slug) {
    title lead publishedAt updatedAt
    structuredData
    seo {
      canonicalUrl title description
      openGraph { type title description url siteName locale image { url width height alt } publishedTime modifiedTime section tags authors }
      twitter { card title description image imageAlt }
    }
  }
}`;

describeEachBackend(
  'structured data and SEO fields',
  ({ db }) => {
    let api: TestGateway;
    beforeAll(() => {
      api = createTestGateway(db(), {
        SITE_URL: 'https://baoyenbai.example/',
        SITE_LOGO_URL: 'https://baoyenbai.example/logo.png',
        MEDIA_PUBLIC_URL: 'https://anh.baoyenbai.example',
      });
    });
    afterAll(() => api?.dispose());

    it('describes the reference article as a schema.org NewsArticle, every required property present', async () => {
      const { data, errors } = await api.query(ARTICLE_HEAD, { slug: REFERENCE });
      expect(errors).toBeUndefined();
      const ld = data.article.structuredData;
      const canonical = `https://baoyenbai.example/bai-viet/${REFERENCE}`;
      expect(ld).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: TITLE,
        description: data.article.lead,
        url: canonical,
        mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
        inLanguage: 'vi',
        datePublished: '2024-03-04T14:26:47+07:00',
        dateline: 'Yên Bái',
        author: [{ '@type': 'Person', name: 'Đức Toàn', url: 'https://baoyenbai.example/tac-gia/duc-toan' }],
        articleSection: 'Xây dựng Đảng',
        keywords: ['Lục Yên', 'dân vận khéo', 'mô hình'],
        publisher: {
          '@type': 'Organization',
          name: 'Báo Yên Bái',
          url: 'https://baoyenbai.example',
          logo: { '@type': 'ImageObject', url: 'https://baoyenbai.example/logo.png' },
        },
      });
      expect(ld.dateModified).toMatch(OFFSET);
      expect(ld.dateModified).toBe(data.article.updatedAt);
      expect(ld.image).toHaveLength(1);
      const [image] = ld.image;
      expect(image).toMatchObject({
        '@type': 'ImageObject',
        width: { '@type': 'QuantitativeValue', value: 960 },
        height: { '@type': 'QuantitativeValue', value: 540 },
        caption: expect.stringMatching(/^Cán bộ, chiến sỹ lực lượng vũ trang huyện/),
      });
      // The largest JPEG rendition (960: the original is not enlarged), on the public media host; it resolves here.
      expect(image.url).toMatch(
        /^https:\/\/anh\.baoyenbai\.example\/renditions\/1280\/[0-9a-f]{16}\/demo\/luc-yen-duong-giao-thong-nong-thon\.jpg\.jpg$/,
      );
      const picture = await api.fetch(image.url.replace('https://anh.baoyenbai.example', ''));
      expect(picture.status).toBe(200);
      expect(picture.headers.get('content-type')).toBe('image/jpeg');
      // Diacritics intact, NFC, in the JSON as sent.
      expect(JSON.stringify(ld)).toContain('Dân vận khéo');
      expect(ld.headline).toBe(ld.headline.normalize('NFC'));
    });

    it('gives the page head its canonical URL, description, Open Graph and Twitter card', async () => {
      const { data } = await api.query(ARTICLE_HEAD, { slug: REFERENCE });
      const { seo } = data.article;
      const canonical = `https://baoyenbai.example/bai-viet/${REFERENCE}`;
      expect(seo.canonicalUrl).toBe(canonical);
      expect(seo.title).toBe(`${TITLE} – Báo Yên Bái`);
      expect([...seo.description].length).toBeLessThanOrEqual(160);
      expect(seo.description).toMatch(/^Đến nay, toàn huyện Lục Yên đã đăng ký duy trì .*…$/);
      expect(seo.openGraph).toMatchObject({
        type: 'article',
        title: TITLE,
        description: seo.description,
        url: canonical,
        siteName: 'Báo Yên Bái',
        locale: 'vi_VN',
        image: { width: 960, height: 540, alt: 'Minh họa: đường giao thông nông thôn ở Lục Yên' },
        publishedTime: '2024-03-04T14:26:47+07:00',
        section: 'Xây dựng Đảng',
        tags: ['Lục Yên', 'dân vận khéo', 'mô hình'],
        authors: ['https://baoyenbai.example/tac-gia/duc-toan'],
      });
      expect(seo.openGraph.modifiedTime).toMatch(OFFSET);
      expect(seo.twitter).toMatchObject({
        card: 'summary_large_image',
        title: TITLE,
        description: seo.description,
        image: seo.openGraph.image.url,
        imageAlt: 'Minh họa: đường giao thông nông thôn ở Lục Yên',
      });
    });

    it('follows SITE_ARTICLE_PATH, and leaves out what an article does not have', async () => {
      const patterned = createTestGateway(db(), { SITE_ARTICLE_PATH: '/{category}/{slug}-{id}.html' });
      try {
        const { data } = await patterned.query(
          `query ($slug: String!) { article(slug: $slug) { id structuredData seo { canonicalUrl } } }`,
          { slug: REFERENCE },
        );
        expect(data.article.seo.canonicalUrl).toMatch(new RegExp(`^http://localhost:4000/xay-dung-dang/${REFERENCE}-\\d+\\.html$`));
        expect(data.article.structuredData.mainEntityOfPage['@id']).toBe(data.article.seo.canonicalUrl);
        // No SITE_LOGO_URL: no logo rather than a made-up one.
        expect(data.article.structuredData.publisher).toEqual({
          '@type': 'Organization',
          name: 'Báo Yên Bái',
          url: 'http://localhost:4000',
        });

        // A brief from "Các tin khác": no section, no author, a picture with no file.
        const brief = await patterned.query(`{ articles(first: 100) { edges { node { structuredData seo { twitter { card } } } } } }`);
        const ld = brief.data.articles.edges
          .map((edge: any) => edge.node)
          .find((node: any) => node.structuredData.headline.startsWith('Nhà máy Z183'));
        expect(ld.structuredData.articleSection).toBeUndefined();
        expect(ld.structuredData.image).toBeUndefined();
        expect(ld.structuredData.author).toBeUndefined();
        expect(ld.structuredData.url).toMatch(/^http:\/\/localhost:4000\/tin-tuc\//);
        expect(ld.seo.twitter.card).toBe('summary');
      } finally {
        await patterned.dispose();
      }
    });

    it('costs the same SQL statements for a page of 3 as for a page of 20', async () => {
      const page = (first: number) =>
        api.queryCountingStatements(`{ articles(first: ${first}) { edges { node { structuredData seo { canonicalUrl } } } } }`);
      const [small, large] = [await page(3), await page(20)];
      expect(small.response.errors).toBeUndefined();
      expect(large.response.data.articles.edges).toHaveLength(20);
      expect(large.statements.length).toBe(small.statements.length);
    });
  },
  async (database) => {
    await seedDemoContent(database.prisma, { syntheticArticles: 12 });
  },
);
