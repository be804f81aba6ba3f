import { expect, it } from 'vitest';
import { describeEachBackend } from '../support/databases.js';

/** The columns the database keeps for related-article ranking stay true under any writer. */
describeEachBackend('trigger-maintained columns', ({ db }) => {
  it('ArticleTag.visibleAt follows the article through publish, reschedule and unpublish', async () => {
    const { prisma } = db();
    const tag = await prisma.tag.create({ data: { slug: 'nong-thon-moi', name: 'nông thôn mới' } });
    const article = await prisma.article.create({
      data: { slug: 'bai-nhap', title: 'Bài nháp', updatedAt: new Date(), tags: { create: [{ tagId: tag.id }] } },
    });
    const visibleAt = async () =>
      (await prisma.articleTag.findUniqueOrThrow({ where: { articleId_tagId: { articleId: article.id, tagId: tag.id } } })).visibleAt;

    expect(await visibleAt()).toBeNull();
    const publishedAt = new Date('2024-03-04T00:30:00+07:00');
    await prisma.article.update({ where: { id: article.id }, data: { status: 'PUBLISHED', publishedAt } });
    expect(await visibleAt()).toEqual(publishedAt);
    const later = new Date('2024-03-05T08:00:00+07:00');
    await prisma.article.update({ where: { id: article.id }, data: { publishedAt: later } });
    expect(await visibleAt()).toEqual(later);
    await prisma.article.update({ where: { id: article.id }, data: { status: 'ARCHIVED' } });
    expect(await visibleAt()).toBeNull();
  });

  it('a tag added to an already published article is visible at once', async () => {
    const { prisma } = db();
    const publishedAt = new Date('2024-01-01T10:00:00+07:00');
    const article = await prisma.article.create({
      data: { slug: 'da-dang', title: 'Đã đăng', status: 'PUBLISHED', publishedAt, updatedAt: publishedAt },
    });
    const tag = await prisma.tag.create({ data: { slug: 'yen-bai', name: 'Yên Bái' } });
    const row = await prisma.articleTag.create({ data: { articleId: article.id, tagId: tag.id } });
    expect(row.visibleAt).toEqual(publishedAt);
  });

  it('Tag.articleCount counts the tag rows of published articles through batch inserts, moves and deletes', async () => {
    const { prisma } = db();
    const [a, b] = await Promise.all([
      prisma.tag.create({ data: { slug: 'dem-a', name: 'Đếm A' } }),
      prisma.tag.create({ data: { slug: 'dem-b', name: 'Đếm B' } }),
    ]);
    const articles = await prisma.article.createManyAndReturn({
      data: Array.from({ length: 5 }, (_, i) => ({
        slug: `dem-${i}`,
        title: `Đếm ${i}`,
        status: 'PUBLISHED' as const,
        publishedAt: new Date(),
        updatedAt: new Date(),
      })),
    });
    // A draft's tags never count: drafts must not change what readers see (issue 13).
    const draft = await prisma.article.create({ data: { slug: 'dem-nhap', title: 'Đếm nháp', updatedAt: new Date() } });
    await prisma.articleTag.createMany({ data: [a, b].map((tag) => ({ articleId: draft.id, tagId: tag.id })) });
    await prisma.articleTag.createMany({ data: articles.map((article) => ({ articleId: article.id, tagId: a.id })) });
    await prisma.articleTag.createMany({ data: articles.slice(0, 2).map((article) => ({ articleId: article.id, tagId: b.id })) });
    const counts = async () =>
      (await prisma.tag.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { id: 'asc' } })).map((t) => t.articleCount);
    expect(await counts()).toEqual([5, 2]);

    await prisma.articleTag.update({ where: { articleId_tagId: { articleId: articles[4]!.id, tagId: a.id } }, data: { tagId: b.id } });
    expect(await counts()).toEqual([4, 3]);
    await prisma.articleTag.deleteMany({ where: { tagId: a.id, articleId: { in: articles.slice(0, 3).map((x) => x.id) } } });
    expect(await counts()).toEqual([1, 3]);
    await prisma.article.delete({ where: { id: articles[0]!.id } }); // cascades to its tag rows
    expect(await counts()).toEqual([1, 2]);
    // Withdrawn: no longer counted; published again: counted again.
    await prisma.article.update({ where: { id: articles[1]!.id }, data: { status: 'ARCHIVED' } });
    expect(await counts()).toEqual([1, 1]);
    await prisma.article.update({ where: { id: articles[1]!.id }, data: { status: 'PUBLISHED' } });
    expect(await counts()).toEqual([1, 2]);
    await prisma.article.update({ where: { id: draft.id }, data: { status: 'PUBLISHED', publishedAt: new Date() } });
    expect(await counts()).toEqual([2, 3]);
  });

  it('the search document is the same for NFC and decomposed text, and for a body of long words', async () => {
    const { prisma } = db();
    const publishedAt = new Date('2024-03-04T08:00:00+07:00');
    // 70 words of 30 letters, then a word with diacritics: the 60-word start of the body is
    // longer than the prefix the trigger reads first, so it falls back to the whole body.
    const longWords = Array.from({ length: 70 }, (_, i) => `w${String(i).padStart(2, '0')}${'x'.repeat(27)}`);
    const title = 'Lục Yên có “Dân vận khéo”';
    const text = `${title} ${longWords.join(' ')} khéo`;
    const write = (slug: string, form: 'NFC' | 'NFD') =>
      prisma.article.create({
        data: {
          slug,
          title: title.normalize(form),
          lead: title.normalize(form),
          body: [{ kind: 'paragraph', text: text.normalize(form) }],
          status: 'PUBLISHED',
          publishedAt,
          updatedAt: publishedAt,
        },
      });
    const nfc = await write('van-ban-nfc', 'NFC');
    const nfd = await write('van-ban-nfd', 'NFD');
    const documents = await prisma.$queryRawUnsafe<{ id: number; vector: string; rank: string }[]>(
      `SELECT id, "searchVector"::text AS vector, "searchRank"::text AS rank FROM "Article" WHERE id IN ($1, $2) ORDER BY id`,
      nfc.id,
      nfd.id,
    );
    expect(documents).toHaveLength(2);
    expect(documents[0]!.vector).toBe(documents[1]!.vector);
    expect(documents[0]!.rank).toBe(documents[1]!.rank);
    const rank = documents[0]!.rank;
    // Exactly the first 60 words of the body carry weight C: its 6 short words and 54 long ones.
    expect(rank).toContain(`'${longWords[53]}':`);
    expect(rank).not.toContain(`'${longWords[54]}'`);
    // Exact-diacritics words of the start are kept ("lục"), those past it are not ("khéo" is
    // in the title, so it stays; nothing after word 60 adds one).
    expect(rank).toContain("'lục'");
    expect(rank).toContain("'khéo'");
  });
});
