import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/db/database.js';
import { defaultRelatedWeights, rankRelated, type RankableArticle } from '../../src/domain/related-ranking.js';
import { describeEachBackend } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const day = (n: number) => new Date(Date.UTC(2024, 5, 15, 3) + n * 86_400_000);

/**
 * The source "nguon" (Thời sự, tags Lục Yên + Yên Bái, 15 June 2024), in a corpus of 66
 * public articles where Lục Yên is on 4 (rarity ln(1 + 66/4) ≈ 2.92) and Yên Bái on 60 (≈ 0.71),
 * as in a provincial paper that tags nearly everything with its province. Why the order:
 *  1. "hiem-cung-muc"     Lục Yên, same section, a day later: (2.67 + 1.5) · 0.98 ≈ 4.07
 *  2. "hiem-khac-muc"     Lục Yên, other section, 2 days earlier: 2.67 · 0.95 ≈ 2.55
 *  3. "pho-bien-cung-muc" Yên Bái, same section, a day later: (0.75 + 1.5) · 0.98 ≈ 2.20
 *  then the 58 Yên Bái fillers of another section, nearest in time first (0.75 · 0.93 …),
 *  and last in tier 1 "hiem-cu", Lục Yên but a year old (2.67 + 1.5 halved 12 times).
 *  The draft "nhap-luc-yen" shares the rare tag and must never appear.
 */
async function loadRelatedCorpus(prisma: DatabaseClient) {
  const [thoiSu, kinhTe, vanHoa] = await Promise.all([
    prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự' } }),
    prisma.category.create({ data: { slug: 'kinh-te', name: 'Kinh tế' } }),
    prisma.category.create({ data: { slug: 'van-hoa', name: 'Văn hóa' } }),
  ]);
  const lucYen = await prisma.tag.create({ data: { slug: 'luc-yen', name: 'Lục Yên' } });
  const yenBai = await prisma.tag.create({ data: { slug: 'yen-bai', name: 'Yên Bái' } });
  const author = await prisma.author.create({ data: { slug: 'duc-toan', name: 'Đức Toàn' } });
  const add = (slug: string, categoryId: number | null, dayOffset: number, tagIds: number[], status: 'PUBLISHED' | 'DRAFT' = 'PUBLISHED') =>
    prisma.article.create({
      data: {
        slug,
        title: slug,
        status,
        publishedAt: status === 'PUBLISHED' ? day(dayOffset) : null,
        updatedAt: day(dayOffset),
        categoryId,
        authorId: author.id,
        tags: { create: tagIds.map((tagId, position) => ({ tagId, position })) },
      },
    });
  await add('nguon', thoiSu.id, 0, [lucYen.id, yenBai.id]);
  await add('hiem-cung-muc', thoiSu.id, 1, [lucYen.id]);
  await add('hiem-khac-muc', kinhTe.id, -2, [lucYen.id]);
  await add('pho-bien-cung-muc', thoiSu.id, 1, [yenBai.id]);
  await add('hiem-cu', thoiSu.id, -365, [lucYen.id]);
  await add('nhap-luc-yen', thoiSu.id, 0, [lucYen.id], 'DRAFT');
  for (let i = 0; i < 58; i++) await add(`pho-bien-${i}`, kinhTe.id, -(3 + i), [yenBai.id]);
  // Section-only and unrelated articles for the fallbacks.
  await add('van-hoa-moi', vanHoa.id, 40, []);
  await add('van-hoa-cu', vanHoa.id, -40, []);
  await add('khong-muc', null, 60, []);
}

describeEachBackend(
  'relatedArticles',
  ({ db }) => {
    let api: TestGateway;
    beforeAll(() => {
      api = createTestGateway(db());
    });

    const related = async (slug: string, first?: number) => {
      const { data, errors } = await api.query(
        `query($slug: String!, $first: Int) { article(slug: $slug) { relatedArticles(first: $first) { slug } } }`,
        { slug, first },
      );
      expect(errors).toBeUndefined();
      return data.article.relatedArticles.map((a: { slug: string }) => a.slug) as string[];
    };

    it('ranks rare shared tags, then section, then time, as the formula says', async () => {
      const slugs = await related('nguon', 5);
      expect(slugs.slice(0, 3)).toEqual(['hiem-cung-muc', 'hiem-khac-muc', 'pho-bien-cung-muc']);
      // Then common-tag neighbours nearest in time: 3 days before, 4 days after.
      expect(slugs.slice(3)).toEqual(['pho-bien-0', 'pho-bien-1']);
    });

    it('defaults to six, never lists the article itself, a duplicate or a draft', async () => {
      const slugs = await related('nguon');
      expect(slugs).toHaveLength(6);
      const all = await related('nguon', 20);
      expect(all).toHaveLength(20);
      expect(new Set(all).size).toBe(20);
      expect(all).not.toContain('nguon');
      expect(all).not.toContain('nhap-luc-yen');
    });

    it('falls back to the latest of the same section, then the latest overall', async () => {
      // "van-hoa-cu" has no tags: its section has one other article, then the newest overall.
      // Two articles a day after "nguon" tie on time: the newer id goes first.
      expect(await related('van-hoa-cu', 3)).toEqual(['van-hoa-moi', 'khong-muc', 'pho-bien-cung-muc']);
      // No section and no tags: the newest articles.
      expect(await related('khong-muc', 2)).toEqual(['van-hoa-moi', 'pho-bien-cung-muc']);
    });

    it('agrees with the reference implementation for every article', async () => {
      const { prisma } = db();
      const rows = await prisma.article.findMany({ include: { tags: true } });
      const visible: RankableArticle[] = rows
        .filter((r) => r.status === 'PUBLISHED')
        .map((r) => ({ id: r.id, categoryId: r.categoryId, publishedAt: r.publishedAt!, tagIds: r.tags.map((t) => t.tagId) }));
      // Rarity counts public articles only (the draft "nhap-luc-yen" shares the rare tag and
      // must not change anyone's ranking).
      const articlesWithTag = new Map<number, number>();
      for (const article of visible) for (const tagId of article.tagIds) articlesWithTag.set(tagId, (articlesWithTag.get(tagId) ?? 0) + 1);
      const stats = { totalArticles: visible.length, articlesWithTag };
      // What the gateway reads: the view, under the weights the test gateway recorded.
      const found = await prisma.relatedArticle.findMany({
        where: { ...defaultRelatedWeights, sourceId: { in: visible.map((a) => a.id) }, rank: { lte: 8 } },
        orderBy: [{ sourceId: 'asc' }, { rank: 'asc' }],
      });
      for (const source of visible) {
        const expected = rankRelated(source, visible, stats, 8);
        const actual = found.filter((hit) => hit.sourceId === source.id);
        expect(actual.map((hit) => hit.articleId)).toEqual(expected.map((e) => e.id));
        actual.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 9));
      }
    });

    it('rejects a list size out of range with a coded error', async () => {
      for (const [first, code] of [
        [0, 'BAD_USER_INPUT'],
        [21, 'PAGE_SIZE_EXCEEDED'],
      ] as const) {
        const { errors } = await api.query(`{ article(slug: "nguon") { relatedArticles(first: ${first}) { slug } } }`);
        expect(errors?.[0]?.extensions?.code).toBe(code);
      }
    });

    describe('batching', () => {
      const page = `query($first: Int) { articles(first: $first) { edges { node {
        title relatedArticles(first: 4) { title url author { name } tags { name } category { name } }
      } } } }`;

      it('the page, its related lists and their fields are one statement, for 1, 20 and 30 articles', async () => {
        const counts: number[] = [];
        for (const first of [1, 20, 30]) {
          const { response, statements } = await api.queryCountingStatements(page, { first });
          expect(response.errors).toBeUndefined();
          const edges = response.data.articles.edges;
          expect(edges).toHaveLength(first);
          for (const edge of edges) expect(edge.node.relatedArticles).toHaveLength(4);
          expect(statements.filter((sql) => /"RelatedArticle"/.test(sql))).toHaveLength(1);
          counts.push(statements.length);
        }
        expect(counts).toEqual([1, 1, 1]);
      });
    });
  },
  async (db) => {
    await loadRelatedCorpus(db.prisma);
  },
);
