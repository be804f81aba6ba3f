import { expect, it } from 'vitest';
import { DEMO_SYNTHETIC_ARTICLES, isDatabaseEmpty, seedDemoContent } from '../../src/seed/demo.js';
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
    expect(await prisma.article.count()).toBe(1 + 4 + DEMO_SYNTHETIC_ARTICLES);
    expect(await isDatabaseEmpty(prisma)).toBe(false);

    const reference = await prisma.article.findUniqueOrThrow({
      where: { id: result.referenceArticleId },
      include: { author: true, tags: { include: { tag: true }, orderBy: { position: 'asc' } } },
    });
    expect(reference.slug).toBe('luc-yen-co-tren-400-mo-hinh-dan-van-kheo');
    expect(reference.title).toBe('Lục Yên có trên 400 mô hình “Dân vận khéo”');
    expect(reference.publishedAt?.toISOString()).toBe('2024-03-04T07:26:47.000Z');
    expect(reference.author?.name).toBe('Đức Toàn');
    expect(reference.categoryId).toBeNull();
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
    expect(await prisma.article.count({ where: { categoryId: { not: null } } })).toBe(DEMO_SYNTHETIC_ARTICLES);
  });
});
