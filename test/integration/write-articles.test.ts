import { expect, it } from 'vitest';
import type { ArticleInput } from '../../src/content/article-input.js';
import { MissingTaxonomyError, writeArticles } from '../../src/content/write-articles.js';
import { referenceArticle } from '../../src/seed/demo.js';
import { generateCorpus } from '../../src/seed/synthetic.js';
import { describeEachBackend } from '../support/databases.js';

const brief = (title: string, extra: Partial<ArticleInput> = {}): ArticleInput => ({
  title,
  publishedAt: '2024-05-01T08:00:00+07:00',
  body: ['Một đoạn.'],
  ...extra,
});

describeEachBackend('writeArticles', ({ db }) => {
  it('round-trips the reference article with its diacritics, tag order, author and caption', async () => {
    const { prisma } = db();
    const fixture = referenceArticle();
    const { articleIds, slugs } = await writeArticles(prisma, [fixture]);
    expect(slugs).toEqual(['luc-yen-co-tren-400-mo-hinh-dan-van-kheo']);

    const article = await prisma.article.findUniqueOrThrow({
      where: { id: articleIds[0] },
      include: { author: true, category: true, images: true, tags: { include: { tag: true }, orderBy: { position: 'asc' } } },
    });
    expect(article.title).toBe('Lục Yên có trên 400 mô hình “Dân vận khéo”');
    expect(article.lead).toBe(fixture.lead);
    expect(article.dateline).toBe('Yên Bái');
    expect(article.status).toBe('PUBLISHED');
    expect(article.publishedAt?.toISOString()).toBe('2024-03-04T07:26:47.000Z');
    expect(article.updatedAt.toISOString()).toBe('2024-03-04T07:26:47.000Z');
    expect(article.createdAt.toISOString()).toBe('2024-03-04T07:26:47.000Z');
    expect(article.body).toEqual(fixture.body.map((text) => ({ kind: 'PARAGRAPH', text })));
    expect(article.author?.name).toBe('Đức Toàn');
    expect(article.author?.slug).toBe('duc-toan');
    expect(article.category).toBeNull();
    expect(article.tags.map((t) => [t.tag.name, t.tag.slug, t.position])).toEqual([
      ['Lục Yên', 'luc-yen', 0],
      ['dân vận khéo', 'dan-van-kheo', 1],
      ['mô hình', 'mo-hinh', 2],
    ]);
    expect(article.images.map((i) => i.caption)).toEqual([
      'Cán bộ, chiến sỹ lực lượng vũ trang huyện tham gia vận động nhân dân chặt cây, hiến đất làm đường giao thông nông thôn.',
    ]);
  });

  it('numbers repeated headlines within a batch and against the database', async () => {
    const { prisma } = db();
    const first = await writeArticles(prisma, [brief('Hội nghị sơ kết'), brief('Hội nghị sơ kết')]);
    expect(first.slugs).toEqual(['hoi-nghi-so-ket', 'hoi-nghi-so-ket-2']);
    const second = await writeArticles(prisma, [brief('Hội nghị sơ kết')]);
    expect(second.slugs).toEqual(['hoi-nghi-so-ket-3']);
    const stored = await prisma.article.findMany({
      where: { id: { in: [...first.articleIds, ...second.articleIds] } },
      orderBy: { id: 'asc' },
    });
    expect(stored.map((a) => a.slug)).toEqual(['hoi-nghi-so-ket', 'hoi-nghi-so-ket-2', 'hoi-nghi-so-ket-3']);
    expect(stored.every((a) => a.title === 'Hội nghị sơ kết')).toBe(true);
  });

  it('finds existing authors and tags by slug instead of duplicating them', async () => {
    const { prisma } = db();
    const result = await writeArticles(prisma, [brief('Tin thêm về Lục Yên', { author: 'Đức Toàn', tags: ['lục yên', 'Chè Shan tuyết'] })]);
    expect(result.authorsCreated).toBe(0);
    expect(result.tagsCreated).toBe(1);
    expect(await prisma.tag.count({ where: { slug: 'luc-yen' } })).toBe(1);
    // The first spelling stays the tag's name.
    expect((await prisma.tag.findUniqueOrThrow({ where: { slug: 'luc-yen' } })).name).toBe('Lục Yên');
  });

  it('builds the category tree, parents before children', async () => {
    const { prisma } = db();
    await writeArticles(prisma, [
      brief('Mùa vàng Mù Cang Chải', { category: { name: 'Nông nghiệp', position: 1, parent: { name: 'Kinh tế', position: 2 } } }),
      brief('Giá vàng hôm nay', { category: 'Kinh tế' }),
    ]);
    const child = await prisma.category.findUniqueOrThrow({ where: { slug: 'nong-nghiep' }, include: { parent: true } });
    expect(child.parent?.slug).toBe('kinh-te');
    expect(child.parent?.name).toBe('Kinh tế');
    expect([child.position, child.parent?.position]).toEqual([1, 2]);
    expect(await prisma.category.count({ where: { slug: 'kinh-te' } })).toBe(1);
  });

  it('writes a batch of 1,000 in a handful of statements', async () => {
    const { prisma, onStatement } = db();
    const batch = [...generateCorpus({ articles: 1000, seed: 99 })];
    const statements: string[] = [];
    const stop = onStatement((sql) => statements.push(sql));
    const result = await writeArticles(prisma, batch);
    stop();
    expect(result.articleIds).toHaveLength(1000);
    expect(new Set(result.articleIds).size).toBe(1000);
    expect(statements.length).toBeLessThanOrEqual(20);
    const expectedTags = batch.reduce((sum, a) => sum + a.tags!.length, 0);
    expect(result.articleTagsCreated).toBe(expectedTags);
    expect(await prisma.articleTag.count({ where: { articleId: { in: result.articleIds } } })).toBe(expectedTags);
    // Ids come back in input order.
    const sample = await prisma.article.findUniqueOrThrow({ where: { id: result.articleIds[500] } });
    expect(sample.title).toBe(batch[500]!.title);
  });

  it('writes nothing of a batch when one article fails', async () => {
    const { prisma } = db();
    const before = await prisma.article.count();
    const tagsBefore = await prisma.tag.count();
    // PostgreSQL refuses NUL in text; the parser would have caught it, writeArticles must still roll back.
    const batch = [brief('Tin hợp lệ', { tags: ['thẻ mới hoàn toàn'] }), brief('Tin hỏng \u0000')];
    await expect(writeArticles(prisma, batch)).rejects.toThrow();
    expect(await prisma.article.count()).toBe(before);
    expect(await prisma.tag.count()).toBe(tagsBefore);
  });

  it('with createMissingTaxonomy: false, refuses a batch naming an unknown section or author and writes none of it', async () => {
    const { prisma } = db();
    await prisma.category.upsert({ where: { slug: 'kinh-te' }, create: { slug: 'kinh-te', name: 'Kinh tế' }, update: {} });
    const before = await prisma.article.count();
    const batch = [
      brief('Tin kinh tế', { category: 'Kinh tế' }),
      brief('Tin mục lạ', { category: 'Mục chưa có', author: 'Tác giả chưa có' }),
    ];
    const refused = writeArticles(prisma, batch, { createMissingTaxonomy: false });
    await expect(refused).rejects.toBeInstanceOf(MissingTaxonomyError);
    await expect(refused).rejects.toMatchObject({ missing: { categories: ['muc-chua-co'], authors: ['tac-gia-chua-co'] } });
    expect(await prisma.article.count()).toBe(before);
    expect(await prisma.category.count({ where: { slug: 'muc-chua-co' } })).toBe(0);
    // Known sections are found, not created again.
    const written = await writeArticles(prisma, [batch[0]!], { createMissingTaxonomy: false });
    expect(written.categoriesCreated).toBe(0);
  });
});
