import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/db/database.js';
import { describeEachBackend } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

/** Articles placed on the edges that a server in UTC would get wrong. */
async function loadArchiveCorpus(prisma: DatabaseClient) {
  const thoiSu = await prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự', position: 0 } });
  const trongTinh = await prisma.category.create({ data: { slug: 'trong-tinh', name: 'Trong tỉnh', parentId: thoiSu.id } });
  const theThao = await prisma.category.create({ data: { slug: 'the-thao', name: 'Thể thao', position: 1 } });
  const add = (slug: string, at: string, categoryId: number, status: 'PUBLISHED' | 'DRAFT' = 'PUBLISHED') =>
    prisma.article.create({
      data: { slug, title: slug, status, publishedAt: new Date(at), updatedAt: new Date(at), categoryId },
    });
  await add('nua-dem-4-3', '2024-03-04T00:30:00+07:00', thoiSu.id); // 3 March in UTC
  await add('cuoi-ngay-3-3', '2024-03-03T23:59:59+07:00', trongTinh.id);
  await add('cuoi-ngay-4-3', '2024-03-04T23:59:59+07:00', theThao.id); // 4 March in Vietnam, 4 March UTC 16:59
  await add('dau-ngay-5-3', '2024-03-05T00:00:00+07:00', trongTinh.id);
  await add('cuoi-nam-2023', '2023-12-31T23:30:00+07:00', theThao.id);
  await add('dau-nam-2024', '2024-01-01T00:10:00+07:00', thoiSu.id); // 2023-12-31 in UTC
  await add('ngay-nhuan', '2024-02-29T12:00:00+07:00', theThao.id);
  await add('cuoi-thang-3', '2024-03-31T23:00:00+07:00', thoiSu.id);
  await add('dau-thang-4', '2024-04-01T06:00:00+07:00', thoiSu.id); // 31 March in UTC
  await add('nhap-4-3', '2024-03-04T10:00:00+07:00', thoiSu.id, 'DRAFT');
  await add('hen-gio', '2099-03-04T10:00:00+07:00', thoiSu.id);
}

describeEachBackend(
  'daily archive',
  ({ db }) => {
    let api: TestGateway;
    beforeAll(() => {
      api = createTestGateway(db());
    });

    const archive = async (date: string, category?: string) => {
      const { data, errors } = await api.query(
        `query($date: LocalDate!, $category: String) { dailyArchive(date: $date, category: $category) {
          date totalCount category { slug }
          articles(first: 20) { totalCount edges { node { slug } } }
          previousDay { date } nextDay { date }
        } }`,
        { date, category },
      );
      expect(errors).toBeUndefined();
      const day = data.dailyArchive;
      return day && { ...day, slugs: day.articles.edges.map((e: any) => e.node.slug) as string[] };
    };

    it('counts a day in Vietnam: 00:30 on 4 March belongs to 4 March, newest first, drafts excluded', async () => {
      const day = await archive('2024-03-04');
      expect(day.date).toBe('2024-03-04');
      expect(day.category).toBeNull();
      expect(day.slugs).toEqual(['cuoi-ngay-4-3', 'nua-dem-4-3']);
      expect(day.totalCount).toBe(2);
      expect(day.articles.totalCount).toBe(2);
      expect(day.previousDay).toEqual({ date: '2024-03-03' });
      expect(day.nextDay).toEqual({ date: '2024-03-05' });
    });

    it('limits to a section and its subsections, stepping through days of that scope', async () => {
      const thoiSu = await archive('2024-03-04', 'thoi-su');
      expect(thoiSu.slugs).toEqual(['nua-dem-4-3']);
      expect(thoiSu.category).toEqual({ slug: 'thoi-su' });
      // The neighbours come from the subsection Trong tỉnh.
      expect(thoiSu.previousDay).toEqual({ date: '2024-03-03' });
      expect(thoiSu.nextDay).toEqual({ date: '2024-03-05' });
      const theThao = await archive('2024-03-04', 'the-thao');
      expect(theThao.slugs).toEqual(['cuoi-ngay-4-3']);
      expect(theThao.previousDay).toEqual({ date: '2024-02-29' });
      expect(theThao.nextDay).toBeNull();
    });

    it('lists every section of the day with its count, whatever the scope', async () => {
      const { data } = await api.query(
        '{ dailyArchive(date: "2024-03-04", category: "the-thao") { categories { category { slug name } count } } }',
      );
      expect(data.dailyArchive.categories).toEqual([
        { category: { slug: 'thoi-su', name: 'Thời sự' }, count: 1 },
        { category: { slug: 'the-thao', name: 'Thể thao' }, count: 1 },
      ]);
    });

    it('splits the year at midnight in Vietnam, not in UTC', async () => {
      expect((await archive('2023-12-31')).slugs).toEqual(['cuoi-nam-2023']);
      const newYear = await archive('2024-01-01');
      expect(newYear.slugs).toEqual(['dau-nam-2024']);
      expect(newYear.previousDay).toEqual({ date: '2023-12-31' });
    });

    it('splits months the same way, leap day included', async () => {
      expect((await archive('2024-03-31')).slugs).toEqual(['cuoi-thang-3']);
      expect((await archive('2024-04-01')).slugs).toEqual(['dau-thang-4']);
      expect((await archive('2024-02-29')).slugs).toEqual(['ngay-nhuan']);
    });

    it('answers an empty day with no articles and the days around it', async () => {
      const day = await archive('2024-03-10');
      expect(day.totalCount).toBe(0);
      expect(day.slugs).toEqual([]);
      expect(day.previousDay).toEqual({ date: '2024-03-05' });
      expect(day.nextDay).toEqual({ date: '2024-03-31' });
      // The scheduled article of 2099 is not a "next day" yet.
      expect((await archive('2024-04-01')).nextDay).toBeNull();
    });

    it('answers null for an unknown section', async () => {
      expect(await archive('2024-03-04', 'khong-co')).toBeNull();
    });

    describe('archiveCalendar', () => {
      const calendar = async (year: number, month: number, category?: string) => {
        const { data, errors } = await api.query(
          'query($y: Int!, $m: Int!, $c: String) { archiveCalendar(year: $y, month: $m, category: $c) { year month days { date articleCount } } }',
          { y: year, m: month, c: category },
        );
        expect(errors).toBeUndefined();
        return data.archiveCalendar;
      };
      const busyDays = (month: { days: { date: string; articleCount: number }[] }) =>
        Object.fromEntries(month.days.filter((d) => d.articleCount > 0).map((d) => [d.date, d.articleCount]));

      it('gives every day of the month with its count, in Vietnamese days', async () => {
        const march = await calendar(2024, 3);
        expect(march.days).toHaveLength(31);
        expect(march.days[0].date).toBe('2024-03-01');
        expect(busyDays(march)).toEqual({ '2024-03-03': 1, '2024-03-04': 2, '2024-03-05': 1, '2024-03-31': 1 });
        expect((await calendar(2024, 2)).days).toHaveLength(29);
        expect(busyDays(await calendar(2024, 2))).toEqual({ '2024-02-29': 1 });
        expect(busyDays(await calendar(2023, 12))).toEqual({ '2023-12-31': 1 });
        expect(busyDays(await calendar(2024, 1))).toEqual({ '2024-01-01': 1 });
      });

      it('limits to a section', async () => {
        expect(busyDays(await calendar(2024, 3, 'the-thao'))).toEqual({ '2024-03-04': 1 });
        expect(busyDays(await calendar(2024, 3, 'thoi-su'))).toEqual({
          '2024-03-03': 1,
          '2024-03-04': 1,
          '2024-03-05': 1,
          '2024-03-31': 1,
        });
      });
    });

    describe('bad dates', () => {
      for (const date of ['2024-02-30', 'yesterday', '20000-01-01', '2024-3-4', '1800-01-01']) {
        it(`rejects dailyArchive(date: ${JSON.stringify(date)}) with INVALID_DATE`, async () => {
          const { data, errors } = await api.query('query($d: LocalDate!) { dailyArchive(date: $d) { totalCount } }', { d: date });
          expect(data?.dailyArchive ?? null).toBeNull();
          expect(errors?.[0]?.extensions?.code).toBe('INVALID_DATE');
        });
      }

      it('rejects an inline literal the same way', async () => {
        const { errors } = await api.query('{ dailyArchive(date: "2023-02-29") { totalCount } }');
        expect(errors?.[0]?.extensions?.code).toBe('INVALID_DATE');
      });

      for (const [year, month] of [
        [2024, 13],
        [2024, 0],
        [10000, 1],
        [-5, 3],
      ]) {
        it(`rejects archiveCalendar(${year}, ${month}) with INVALID_DATE`, async () => {
          const { errors } = await api.query(`{ archiveCalendar(year: ${year}, month: ${month}) { year } }`);
          expect(errors?.[0]?.extensions?.code).toBe('INVALID_DATE');
        });
      }
    });

    it('does not grow in SQL statements with the page size', async () => {
      const query =
        'query($n: Int) { dailyArchive(date: "2024-03-04") { articles(first: $n) { edges { node { title category { name } } } } } }';
      const one = await api.queryCountingStatements(query, { n: 1 });
      const many = await api.queryCountingStatements(query, { n: 20 });
      expect(many.response.data.dailyArchive.articles.edges).toHaveLength(2);
      expect(many.statements.length).toBe(one.statements.length);
    });
  },
  async (db) => {
    await loadArchiveCorpus(db.prisma);
  },
);
