import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../src/content/article-input.js';
import { writeArticles } from '../../src/content/write-articles.js';
import type { DatabaseClient } from '../../src/db/database.js';
import { searchArticles } from '../../src/db/search.js';
import { referenceArticle } from '../../src/seed/demo.js';
import { openDatabase } from '../../src/db/database.js';
import { loadConfig } from '../../src/config.js';
import { describeEachBackend } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * A small corpus, written through writeArticles (createMany / createManyAndReturn, so the
 * search columns come from the database's trigger alone), where the right order is obvious:
 *
 * - the reference article, "Lục Yên có trên 400 mô hình “Dân vận khéo”" (2024-03-04);
 * - "lục yên" vs "lúc yến": "luc-yen-than-bai" has "Lục Yên" only in its body, "luc-yen-tiec"
 *   has "Lúc yến" in its title and is the newest. Typed with diacritics, the two with the exact
 *   words (the reference, then the body-only one) come before the title that merely folds the
 *   same; typed without, all three match and the title hits lead;
 * - "hồ Thác Bà" in the title of the OLDEST ("thac-ba-tieu-de", 2022), the lead of a 2023 one
 *   ("thac-ba-sapo") and only the body of the NEWEST ("thac-ba-noi-dung", 2024): title over
 *   lead over body beats the (mild) freshness boost;
 * - "nông thôn mới" as a phrase in one title ("ntm-cum-tu", 2021) and as the same three words
 *   scattered in a newer title ("ntm-rai-rac", 2024): proximity first (the reference article
 *   has the phrase in its lead, which weighs less than either title);
 * - two articles with the same text a year apart ("viet-da-moi", "viet-da-cu"): the newer first;
 * - a draft, a scheduled and an archived article about Thác Bà, which must never be found.
 */
const at = (date: string) => `${date}T09:00:00+07:00`;

function article(slug: string, date: string, fields: Partial<ArticleInput>): ArticleInput {
  return { slug, title: slug, status: 'PUBLISHED', publishedAt: at(date), updatedAt: at(date), lead: '', body: [], ...fields };
}

const corpus: ArticleInput[] = [
  article('luc-yen-than-bai', '2024-02-01', {
    title: 'Hội nghị tổng kết công tác năm',
    lead: 'Các xã báo cáo kết quả.',
    body: ['Tại huyện Lục Yên, hội nghị đã đánh giá kết quả công tác năm qua.'],
    category: 'Thời sự',
  }),
  article('luc-yen-tiec', '2024-05-01', {
    title: 'Lúc yến tiệc tàn, khách ra về',
    lead: 'Câu chuyện về một bữa tiệc.',
    body: ['Bữa tiệc kéo dài đến khuya.'],
    category: 'Văn hóa',
  }),
  article('thac-ba-tieu-de', '2022-06-01', {
    title: 'Du lịch hồ Thác Bà mùa nước lên',
    lead: 'Du khách đến Yên Bình ngày càng đông.',
    body: ['Những chuyến thuyền đưa khách ngắm cảnh.'],
    category: 'Du lịch',
    author: 'Thu Hà',
    tags: ['Yên Bình'],
  }),
  article('thac-ba-sapo', '2023-06-01', {
    title: 'Mùa cá mới ở Yên Bình',
    lead: 'Người dân ven hồ Thác Bà nuôi cá lồng.',
    body: ['Nhiều hộ có thu nhập ổn định.'],
    category: 'Kinh tế',
    author: 'Đức Toàn',
    tags: ['Yên Bình'],
  }),
  article('thac-ba-noi-dung', '2024-06-01', {
    title: 'Đường mới về các xã vùng cao',
    lead: 'Nhiều tuyến đường được nâng cấp.',
    body: ['Con đường nối trung tâm huyện với bến thuyền trên hồ Thác Bà đã hoàn thành.'],
    category: 'Kinh tế',
    author: 'Đức Toàn',
  }),
  article('ntm-cum-tu', '2021-09-01', { title: 'Xây dựng nông thôn mới ở Yên Bình', lead: 'Kết quả sau năm năm.' }),
  article('ntm-rai-rac', '2024-09-01', { title: 'Nông dân Yên Bình đổi mới cách làm ở thôn bản', lead: 'Những cách làm hay.' }),
  article('viet-da-cu', '2023-03-10', { title: 'Giải chạy việt dã Mù Cang Chải', lead: 'Hàng trăm vận động viên tham gia.' }),
  article('viet-da-moi', '2024-03-10', { title: 'Giải chạy việt dã Mù Cang Chải', lead: 'Hàng trăm vận động viên tham gia.' }),
  article('thac-ba-nhap', '2024-07-01', { status: 'DRAFT', publishedAt: null, title: 'Bản nháp về hồ Thác Bà' }),
  article('thac-ba-hen-gio', '2099-01-01', { title: 'Hồ Thác Bà năm 2099' }),
  article('thac-ba-go', '2024-07-02', { status: 'ARCHIVED', title: 'Bài đã gỡ về hồ Thác Bà' }),
];

async function loadSearchCorpus(prisma: DatabaseClient) {
  await writeArticles(prisma, [referenceArticle(), ...corpus]);
}

const SEARCH = `query($q: String!, $first: Int, $after: String, $filter: ArticleFilter) {
  search(query: $q, first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor score snippet snippetField node { slug title } }
  }
}`;

interface Hit {
  cursor: string;
  score: number;
  snippet: string;
  snippetField: string;
  node: { slug: string; title: string };
}

describeEachBackend(
  'search',
  ({ db, backend }) => {
    let api: TestGateway;
    beforeAll(() => {
      // Some tests write to the database behind the gateway's back: no response cache.
      api = createTestGateway(db(), { RESPONSE_CACHE: 'false' });
    });

    const search = async (q: string, variables: Record<string, unknown> = {}) => {
      const { data, errors } = await api.query(SEARCH, { q, first: 50, ...variables });
      expect(errors).toBeUndefined();
      return data.search as {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
        edges: Hit[];
      };
    };
    const slugs = async (q: string, variables: Record<string, unknown> = {}) =>
      (await search(q, variables)).edges.map((edge) => edge.node.slug);
    const errorCode = async (q: string, variables: Record<string, unknown> = {}) => {
      const { data, errors } = await api.query(SEARCH, { q, ...variables });
      expect(data?.search ?? null).toBeNull();
      return errors?.[0]?.extensions?.code;
    };

    it('finds the reference article without diacritics, in any case, and marks the match in its own spelling', async () => {
      const reference = 'luc-yen-co-tren-400-mo-hinh-dan-van-kheo';
      const results = await Promise.all(['dan van kheo', 'Dân vận khéo', 'DAN VAN KHEO', 'dân VẬN kheo'].map((q) => slugs(q)));
      for (const result of results) expect(result).toEqual([reference]);
      const [hit] = (await search('dan van kheo')).edges;
      expect(hit!.snippet).toContain('«Dân vận khéo»');
      expect(hit!.score).toBeGreaterThan(0);
      expect(hit!.score).toBeLessThan(1);
    });

    it('folds đ/Đ to d', async () => {
      expect(await slugs('duong moi ve cac xa')).toEqual(['thac-ba-noi-dung']);
      expect(await slugs('ĐƯỜNG MỚI')).toEqual(['thac-ba-noi-dung']);
    });

    it('ranks exact-diacritics matches first: "lục yên" finds "Lục Yên" before "Lúc yến"', async () => {
      const hits = (await search('lục yên')).edges;
      expect(hits.map((hit) => hit.node.slug)).toEqual(['luc-yen-co-tren-400-mo-hinh-dan-van-kheo', 'luc-yen-than-bai', 'luc-yen-tiec']);
      // The exact matches are a tier of their own: score ≥ 1.
      expect(hits.map((hit) => hit.score >= 1)).toEqual([true, true, false]);
      expect(hits[2]!.snippet).toBe('«Lúc yến» tiệc tàn, khách ra về');
      // Without diacritics the reader said nothing about them: the title hits come first.
      const folded = await slugs('luc yen');
      expect(folded.slice(0, 2).sort()).toEqual(['luc-yen-co-tren-400-mo-hinh-dan-van-kheo', 'luc-yen-tiec']);
      expect(folded[2]).toBe('luc-yen-than-bai');
    });

    it('keeps word boundaries', async () => {
      // "yenbinh" is not "Yên Bình"; "thac" alone is not "Thác Bà" plus something else.
      expect(await slugs('yenbinh')).toEqual([]);
      expect(await slugs('thac ba xyz')).toEqual([]);
    });

    it('ranks title over lead over body, even against freshness', async () => {
      const hits = (await search('ho thac ba')).edges;
      expect(hits.map((hit) => hit.node.slug)).toEqual(['thac-ba-tieu-de', 'thac-ba-sapo', 'thac-ba-noi-dung']);
      expect(hits.map((hit) => hit.snippetField)).toEqual(['TITLE', 'LEAD', 'BODY']);
      expect(hits[2]!.snippet).toBe('Con đường nối trung tâm huyện với bến thuyền trên «hồ Thác Bà» đã hoàn thành.');
    });

    it('ranks words close together over the same words scattered', async () => {
      // The reference article has the phrase too, in its lead only: below both titles.
      expect(await slugs('nong thon moi')).toEqual(['ntm-cum-tu', 'ntm-rai-rac', 'luc-yen-co-tren-400-mo-hinh-dan-van-kheo']);
    });

    it('breaks ties by publication time, newest first', async () => {
      const hits = (await search('viet da mu cang chai')).edges;
      expect(hits.map((hit) => hit.node.slug)).toEqual(['viet-da-moi', 'viet-da-cu']);
    });

    it('never finds drafts, scheduled or archived articles, nor counts them', async () => {
      const result = await search('thac ba');
      expect(result.edges.map((edge) => edge.node.slug).sort()).toEqual(['thac-ba-noi-dung', 'thac-ba-sapo', 'thac-ba-tieu-de']);
      expect(result.totalCount).toBe(3);
    });

    it('filters like articles(filter:) does, by the same slugs', async () => {
      const cases: [Record<string, unknown>, string[]][] = [
        [{ category: 'kinh-te' }, ['thac-ba-sapo', 'thac-ba-noi-dung']],
        [{ category: 'du-lich' }, ['thac-ba-tieu-de']],
        [{ tag: 'yen-binh' }, ['thac-ba-tieu-de', 'thac-ba-sapo']],
        [{ author: 'duc-toan' }, ['thac-ba-sapo', 'thac-ba-noi-dung']],
        [{ publishedFrom: '2023-01-01', publishedTo: '2024-01-01' }, ['thac-ba-sapo']],
        [{ tag: 'no-such-tag' }, []],
      ];
      for (const [filter, expected] of cases) {
        const found = await search('ho thac ba', { filter });
        expect(
          found.edges.map((edge) => edge.node.slug),
          JSON.stringify(filter),
        ).toEqual(expected);
        expect(found.totalCount).toBe(expected.length);
        // The same articles the articles connection lists with that filter.
        const { data } = await api.query(
          `query($filter: ArticleFilter) { articles(first: 100, filter: $filter) { edges { node { slug } } } }`,
          { filter },
        );
        const listed = new Set(data.articles.edges.map((edge: { node: { slug: string } }) => edge.node.slug));
        for (const slug of expected) expect(listed.has(slug)).toBe(true);
      }
      expect(await errorCode('thac ba', { filter: { publishedFrom: '2024-01-01', publishedTo: '2023-01-01' } })).toBe('BAD_USER_INPUT');
    });

    it('pages with cursors, without overlap, and refuses cursors of another search', async () => {
      const all = (await search('thac ba')).edges.map((edge) => edge.node.slug);
      const first = await search('thac ba', { first: 2 });
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const second = await search('thac ba', { first: 2, after: first.pageInfo.endCursor });
      expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect([...first.edges, ...second.edges].map((edge) => edge.node.slug)).toEqual(all);
      expect(await errorCode('dan van kheo', { after: first.pageInfo.endCursor })).toBe('INVALID_CURSOR');
      expect(await errorCode('thac ba', { after: 'R1BDOk46MQ' })).toBe('INVALID_CURSOR');
      expect(await errorCode('thac ba', { first: 101 })).toBe('PAGE_SIZE_EXCEEDED');
      expect(await errorCode('thac ba', { first: -1 })).toBe('BAD_USER_INPUT');
      expect((await search('thac ba', { first: 0 })).edges).toEqual([]);
    });

    it('refuses too short and too long queries with coded errors', async () => {
      for (const q of ['', ' ', 'a', 'Đ', '!?', `&|!():*'\\`]) expect(await errorCode(q), JSON.stringify(q)).toBe('SEARCH_QUERY_TOO_SHORT');
      expect(await errorCode('x'.repeat(2000))).toBe('SEARCH_QUERY_TOO_LONG');
      expect(await errorCode(Array.from({ length: 40 }, () => 'ab').join(' '))).toBe('SEARCH_QUERY_TOO_LONG');
    });

    it('treats tsquery and SQL metacharacters as plain text', async () => {
      for (const q of [
        'lục & yên | !(dân:*)',
        "dan'van'kheo",
        'dan\\van\\kheo',
        'khéo)(',
        '\'; DROP TABLE "Article"; --',
        'luc:* & !yen',
        '<-> yen',
        'dan\u0000van',
      ]) {
        const { data, errors } = await api.query(SEARCH, { q });
        expect(errors, q).toBeUndefined();
        expect(Array.isArray(data.search.edges)).toBe(true);
      }
      expect(await slugs('dân:* & vận | khéo!')).toEqual(['luc-yen-co-tren-400-mo-hinh-dan-van-kheo']);
    });

    it('keeps the index true through later writes: an edited title is found by its new words', async () => {
      const { prisma } = db();
      const target = await prisma.article.findUniqueOrThrow({ where: { slug: 'viet-da-cu' } });
      await prisma.article.update({ where: { id: target.id }, data: { title: 'Giải bóng chuyền hơi Trạm Tấu' } });
      expect(await slugs('bong chuyen tram tau')).toEqual(['viet-da-cu']);
      expect(await slugs('chay viet da')).toEqual(['viet-da-moi']);
      await prisma.article.update({ where: { id: target.id }, data: { status: 'ARCHIVED' } });
      expect(await slugs('bong chuyen hoi')).toEqual([]);
    });

    // At a million articles the statement's estimated cost passes jit_above_cost, and compiling
    // it took longer than running it (BENCHMARKS.md): the gateway's connections have JIT off.
    it.runIf(backend === 'postgres')('runs on connections with JIT compilation off, keeping PGOPTIONS', async () => {
      const [setting] = await db().prisma.$queryRaw<{ jit: string }[]>`SHOW jit`;
      expect(setting?.jit).toBe('off');
      // Operators (and the benchmark's statement log) pass settings through PGOPTIONS, which
      // the configuration reads (Config.databaseOptions).
      const { databaseOptions } = loadConfig({ PGOPTIONS: '-c work_mem=7MB' });
      const other = await openDatabase({ url: db().url!, options: databaseOptions });
      try {
        expect(await other.prisma.$queryRaw`SELECT current_setting('jit') AS jit, current_setting('work_mem') AS mem`).toEqual([
          { jit: 'off', mem: '7MB' },
        ]);
      } finally {
        await other.close();
      }
    });

    it('issues the same statements for a page of 1 hit or 7, nested selections included', async () => {
      const page = `query($first: Int) { search(query: "yen", first: $first) { edges { score snippet node {
        title url author { name } category { name } tags { name } images { caption } } } } }`;
      const counts: number[] = [];
      // "yen" is in 7 articles of the corpus ("Yên Bình", "Lục Yên", "yến").
      for (const first of [1, 3, 7]) {
        const { response, statements } = await api.queryCountingStatements(page, { first });
        expect(response.errors).toBeUndefined();
        expect(response.data.search.edges).toHaveLength(first);
        expect(statements.filter((sql) => sql.includes('WITH RECURSIVE'))).toHaveLength(1);
        counts.push(statements.length);
      }
      expect(new Set(counts).size).toBe(1);
    });

    describe('the ranking window', () => {
      const idsOf = async (...slugs: string[]) => {
        const rows = await db().prisma.article.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
        return slugs.map((slug) => rows.find((row) => row.slug === slug)!.id);
      };
      const now = new Date();

      it('a small corpus ranks every match', async () => {
        const rows = await searchArticles(db().prisma, { text: 'thac ba', now, reference: now, limit: 10 });
        expect(rows.map((row) => row.id)).toEqual(await idsOf('thac-ba-tieu-de', 'thac-ba-sapo', 'thac-ba-noi-dung'));
      });

      it('the walk ranks the newest whole days, then months, holding at least the window', async () => {
        const { prisma } = db();
        // From the newest article (1 Sep 2024) back: no Thác Bà for 7 days, nor in August or
        // July; June 2024 has one, and a window of 2 is filled in June 2023.
        const walked = await searchArticles(prisma, { text: 'thac ba', now, reference: now, limit: 10, window: 2, strategy: 'walk' });
        expect(walked.map((row) => row.id)).toEqual(await idsOf('thac-ba-sapo', 'thac-ba-noi-dung'));
        // A large window walks back to the oldest month: the same as ranking everything.
        const all = await searchArticles(prisma, { text: 'thac ba', now, reference: now, limit: 10, strategy: 'walk' });
        expect(all.map((row) => row.id)).toEqual(await idsOf('thac-ba-tieu-de', 'thac-ba-sapo', 'thac-ba-noi-dung'));
        // "yen" is in 7 articles; a window of 1 stops at the newest day, which has one.
        const newest = await searchArticles(prisma, { text: 'yen', now, reference: now, limit: 10, window: 1, strategy: 'walk' });
        expect(newest.map((row) => row.id)).toEqual(await idsOf('ntm-rai-rac'));
      });

      it('a month holding more matches than the window is read by days', async () => {
        // "van" ("vận") is in March 2024 twice: the reference article (4 March) and
        // "viet-da-moi" (10 March). With a window of 1, March is read day by day from its end,
        // and the walk stops at 10 March instead of ranking the whole month.
        const rows = await searchArticles(db().prisma, { text: 'van', now, reference: now, limit: 10, window: 1, strategy: 'walk' });
        expect(rows.map((row) => row.id)).toEqual(await idsOf('viet-da-moi'));
        const wider = await searchArticles(db().prisma, { text: 'van', now, reference: now, limit: 10, window: 2, strategy: 'walk' });
        const reference = await db().prisma.article.findFirstOrThrow({
          where: { title: { contains: '400 mô hình' } },
          select: { id: true },
        });
        expect(wider.map((row) => row.id).sort((a, b) => a - b)).toEqual(
          [...(await idsOf('viet-da-moi')), reference.id].sort((a, b) => a - b),
        );
      });

      it('with a tag, section or author filter, ranks the newest matches of the filter', async () => {
        const rows = await searchArticles(db().prisma, {
          text: 'thac ba',
          filter: { category: 'kinh-te' },
          now,
          reference: now,
          limit: 10,
          window: 1,
        });
        expect(rows.map((row) => row.id)).toEqual(await idsOf('thac-ba-noi-dung'));
      });
    });
  },
  (database) => loadSearchCorpus(database.prisma),
);
