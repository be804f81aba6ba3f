import { expect, it } from 'vitest';
import { DEMO_SYNTHETIC_ARTICLES, isDatabaseEmpty, neighbourArticles, seedDemoContent } from '../../src/seed/demo.js';
import { createTestGateway } from '../support/gateway.js';

const NEIGHBOURS = neighbourArticles().length;
import { describeEachBackend } from '../support/databases.js';

describeEachBackend('seedDemoContent', ({ db }) => {
  it('sees a fresh database as empty', async () => {
    expect(await isDatabaseEmpty(db().prisma)).toBe(true);
  });

  it('writes the reference article, its other news and a synthetic corpus', async () => {
    const { prisma } = db();
    const result = await seedDemoContent(prisma);
    expect(result.syntheticArticles).toBe(DEMO_SYNTHETIC_ARTICLES);
    expect(result.otherNewsArticleIds).toHaveLength(4);
    expect(result.neighbourArticleIds).toHaveLength(NEIGHBOURS);
    expect(await prisma.article.count()).toBe(1 + 4 + NEIGHBOURS + DEMO_SYNTHETIC_ARTICLES);
    expect(await isDatabaseEmpty(prisma)).toBe(false);

    const reference = await prisma.article.findUniqueOrThrow({
      where: { id: result.referenceArticleId },
      include: {
        author: true,
        category: { include: { parent: true } },
        images: true,
        tags: { include: { tag: true }, orderBy: { position: 'asc' } },
      },
    });
    expect(reference.slug).toBe('luc-yen-co-tren-400-mo-hinh-dan-van-kheo');
    expect(reference.title).toBe('Lục Yên có trên 400 mô hình “Dân vận khéo”');
    expect(reference.publishedAt?.toISOString()).toBe('2024-03-04T07:26:47.000Z');
    expect(reference.author?.name).toBe('Đức Toàn');
    expect(reference.category).toMatchObject({ slug: 'xay-dung-dang', name: 'Xây dựng Đảng', parent: { slug: 'chinh-tri' } });
    expect(reference.images).toEqual([
      expect.objectContaining({
        src: '/media/demo/luc-yen-duong-giao-thong-nong-thon.jpg',
        caption: expect.stringMatching(/^Cán bộ, chiến sỹ lực lượng vũ trang huyện/),
        width: 960,
        height: 540,
      }),
    ]);
    expect(reference.tags.map((t) => t.tag.name)).toEqual(['Lục Yên', 'dân vận khéo', 'mô hình']);
  });

  it('gives the briefs headlines from their leads and times a few days around the reference', async () => {
    const { prisma } = db();
    const briefs = await prisma.article.findMany({
      where: { lead: { startsWith: 'Nhà máy Z183' } },
      include: { images: true },
    });
    expect(briefs).toHaveLength(1);
    const [z183] = briefs;
    expect(z183!.title).toBe('Nhà máy Z183 vừa tổ chức Đại hội Thi đua quyết thắng giai đoạn 2019 - 2024');
    expect(z183!.status).toBe('PUBLISHED');
    expect(z183!.images[0]?.caption).toMatch(/^Đại tá Nguyễn Đức Tăng/);

    const reference = Date.parse('2024-03-04T07:26:47Z');
    const others = await prisma.article.findMany({ where: { body: { equals: [] } } });
    expect(others).toHaveLength(4);
    for (const other of others) {
      expect(other.title.length).toBeGreaterThan(20);
      expect(other.lead.startsWith(other.title.replace(/…$/, ''))).toBe(true);
      expect(Math.abs(other.publishedAt!.getTime() - reference)).toBeLessThanOrEqual(4 * 86_400_000);
    }
  });

  it('files the synthetic articles under a section tree', async () => {
    const { prisma } = db();
    const children = await prisma.category.findMany({ where: { parentId: { not: null } } });
    expect(children.length).toBeGreaterThan(0);
    // Every article has a section but the four briefs, which the paper's page showed without one.
    expect(await prisma.article.count({ where: { categoryId: { not: null } } })).toBe(1 + NEIGHBOURS + DEMO_SYNTHETIC_ARTICLES);
  });

  it('finds the reference article first when searching for its headline or its key phrase', async () => {
    const api = createTestGateway(db());
    for (const query of ['Lục Yên có trên 400 mô hình “Dân vận khéo”', 'dan van kheo', 'Dân vận khéo', 'mô hình dân vận khéo']) {
      const { data } = await api.query('query($q: String!) { search(query: $q, first: 3) { edges { node { slug } } } }', { q: query });
      expect(data.search.edges[0]?.node.slug, query).toBe('luc-yen-co-tren-400-mo-hinh-dan-van-kheo');
    }
  });

  it('gives the reference article related "other news" that share its rarer tags, in its weeks', async () => {
    const api = createTestGateway(db());
    const { data } = await api.query(`{ article(slug: "luc-yen-co-tren-400-mo-hinh-dan-van-kheo") {
      tags { slug } relatedArticles(first: 6) { title publishedAt tags { slug } } } }`);
    const related = data.article.relatedArticles as { title: string; publishedAt: string; tags: { slug: string }[] }[];
    const handWritten = new Set(neighbourArticles().map((article) => article.title));
    // The hand-written neighbours lead the list: each shares at least two of its tags.
    expect(related.slice(0, 3).every((article) => handWritten.has(article.title))).toBe(true);
    const ownTags = new Set(data.article.tags.map((tag: { slug: string }) => tag.slug));
    for (const article of related.slice(0, 3)) {
      expect(article.tags.filter((tag) => ownTags.has(tag.slug)).length).toBeGreaterThanOrEqual(2);
      expect(Math.abs(Date.parse(article.publishedAt) - Date.parse('2024-03-04T14:26:47+07:00'))).toBeLessThan(20 * 86_400_000);
    }
  });
});
