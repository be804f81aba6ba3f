import { describe, expect, it } from 'vitest';
import { loadSiteConfig } from '../../src/client-config.js';
import { articleSeo, canonicalArticleUrl, metaDescription, newsArticleJsonLd, type SeoArticle } from '../../src/domain/structured-data.js';

const site = loadSiteConfig({ SITE_URL: 'https://baoyenbai.example' }, []);
const article: SeoArticle = {
  id: 42,
  slug: 'luc-yen-co-tren-400-mo-hinh-dan-van-kheo',
  title: 'Lục Yên có trên 400 mô hình “Dân vận khéo”',
  lead: 'Đến nay, toàn huyện Lục Yên đã đăng ký duy trì và xây dựng được 421 mô hình "Dân vận khéo”.',
  dateline: 'Yên Bái',
  publishedAt: new Date('2024-03-04T07:26:47Z'),
  updatedAt: new Date('2024-03-05T01:00:00Z'),
  author: { name: 'Đức Toàn', slug: 'duc-toan' },
  category: { name: 'Xây dựng Đảng', slug: 'xay-dung-dang' },
  tags: ['Lục Yên', 'dân vận khéo'],
  pictures: [{ url: 'https://anh.example/a.jpg', width: 960, height: 540, caption: 'Chú thích', alt: null }],
};

describe('canonicalArticleUrl', () => {
  it('fills SITE_ARTICLE_PATH with the slug, the section and the id', () => {
    expect(canonicalArticleUrl(site, article)).toBe('https://baoyenbai.example/bai-viet/luc-yen-co-tren-400-mo-hinh-dan-van-kheo');
    const patterned = { ...site, articlePath: '/{category}/{slug}-{id}.html' };
    expect(canonicalArticleUrl(patterned, article)).toBe(
      'https://baoyenbai.example/xay-dung-dang/luc-yen-co-tren-400-mo-hinh-dan-van-kheo-42.html',
    );
    expect(canonicalArticleUrl(patterned, { ...article, category: null })).toMatch(/\/tin-tuc\//);
  });

  it('is configured with a path that names the article', () => {
    const problems: string[] = [];
    loadSiteConfig({ SITE_ARTICLE_PATH: 'bai-viet/x', SITE_URL: 'ftp://x' }, problems);
    expect(problems).toHaveLength(2);
  });
});

describe('metaDescription', () => {
  it('keeps a short lead whole and cuts a long one at a word, under 160 characters, diacritics whole', () => {
    expect(metaDescription('  Ngắn   gọn. ')).toBe('Ngắn gọn.');
    const long =
      'Các cấp ủy, tổ chức đảng huyện Lục Yên đã chỉ đạo các cơ sở chú trọng làm tốt việc duy trì, xây dựng và nâng cao chất lượng mô hình "Dân vận khéo" trên các lĩnh vực kinh tế, văn hóa.';
    const cut = metaDescription(long);
    expect([...cut].length).toBeLessThanOrEqual(160);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    // Decomposed input (NFD) comes out composed: one letter, one character.
    expect(metaDescription('Lục Yên'.normalize('NFD'))).toBe('Lục Yên');
  });
});

describe('newsArticleJsonLd', () => {
  it('is a NewsArticle with +07:00 dates, the author, pictures, section, keywords and publisher', () => {
    const ld = newsArticleJsonLd(article, site);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      datePublished: '2024-03-04T14:26:47+07:00',
      dateModified: '2024-03-05T08:00:00+07:00',
      author: [{ '@type': 'Person', name: 'Đức Toàn' }],
      image: [{ '@type': 'ImageObject', url: 'https://anh.example/a.jpg', caption: 'Chú thích' }],
      articleSection: 'Xây dựng Đảng',
      keywords: ['Lục Yên', 'dân vận khéo'],
      publisher: { '@type': 'Organization', name: 'Báo Yên Bái' },
      mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://baoyenbai.example/bai-viet/luc-yen-co-tren-400-mo-hinh-dan-van-kheo' },
    });
  });

  it('leaves out what a draft or a bare brief does not have', () => {
    const ld = newsArticleJsonLd({ ...article, publishedAt: null, author: null, category: null, tags: [], pictures: [] }, site);
    for (const property of ['datePublished', 'author', 'articleSection', 'keywords', 'image'] as const)
      expect(ld[property], property).toBeUndefined();
  });
});

describe('articleSeo', () => {
  it('fills Open Graph and the Twitter card from the same description and picture', () => {
    const seo = articleSeo(article, site);
    expect(seo.title).toBe(`${article.title} – Báo Yên Bái`);
    expect(seo.openGraph.image?.url).toBe('https://anh.example/a.jpg');
    expect(seo.twitter).toEqual({
      card: 'summary_large_image',
      title: article.title,
      description: seo.description,
      image: 'https://anh.example/a.jpg',
      imageAlt: 'Chú thích',
    });
    expect(articleSeo({ ...article, pictures: [] }, site).twitter.card).toBe('summary');
  });
});
