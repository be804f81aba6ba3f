/**
 * Counts that do not grow with the corpus (issue 13 item 2): the unfiltered list, a tag, a
 * section and an author count from counters (exact, whatever the size); a filtered list,
 * search, a day and the editors' list count up to COUNT_CAP and then say so. Each count is
 * one statement.
 */
import { beforeAll, expect, it } from 'vitest';
import { COUNT_CAP } from '../../src/db/counts.js';
import { describeEachBackend, type TestDatabase } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const MANY = COUNT_CAP + 5;

/** The request's own statements: not the publication outbox's background polling. */
const reads = (statements: string[]) => statements.filter((sql) => !/"PublicationEvent"|^COMMIT$|Implicit "COMMIT"|^BEGIN/.test(sql));

async function loadMany(db: TestDatabase) {
  const { prisma } = db;
  const section = await prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự' } });
  const subsection = await prisma.category.create({ data: { slug: 'trong-tinh', name: 'Trong tỉnh', parentId: section.id } });
  const author = await prisma.author.create({ data: { slug: 'duc-toan', name: 'Đức Toàn' } });
  const tag = await prisma.tag.create({ data: { slug: 'yen-bai', name: 'Yên Bái' } });
  // One statement: the counters' triggers run once for all of them. Every article on the
  // same day (2024-03-04 in Vietnam), alternating between the section and its subsection.
  await prisma.$executeRaw`
    INSERT INTO "Article" (slug, title, status, "publishedAt", "updatedAt", "categoryId", "authorId")
    SELECT 'tin-' || i, 'Tin tỉnh ' || i, 'PUBLISHED', timestamptz '2024-03-04 01:00:00+00' + i * interval '1 second', now(),
           CASE WHEN i % 2 = 0 THEN ${section.id}::int ELSE ${subsection.id}::int END, ${author.id}::int
    FROM generate_series(1, ${MANY}::int) AS i`;
  await prisma.$executeRaw`INSERT INTO "ArticleTag" ("articleId", "tagId") SELECT id, ${tag.id}::int FROM "Article"`;
  // Hidden ones sharing everything: never counted.
  for (const [slug, status, publishedAt] of [
    ['nhap', 'DRAFT', null],
    ['hen-gio', 'PUBLISHED', new Date('2099-01-01T00:00:00Z')],
    ['da-go', 'ARCHIVED', new Date('2024-03-04T02:00:00Z')],
  ] as const) {
    await prisma.article.create({
      data: {
        slug,
        title: `Tin tỉnh ${slug}`,
        status,
        publishedAt,
        updatedAt: new Date(),
        categoryId: section.id,
        authorId: author.id,
        tags: { create: [{ tagId: tag.id }] },
      },
    });
  }
}

describeEachBackend(
  'bounded counts',
  ({ db }) => {
    let api: TestGateway;
    beforeAll(() => {
      api = createTestGateway(db());
    });

    const exact = { totalCount: MANY, totalCountIsExact: true };
    const cappedCount = { totalCount: COUNT_CAP, totalCountIsExact: false };
    // The last element: statements the count adds to the page (a day's count is read with the
    // day itself, src/db/archive.ts).
    const shapes: [string, string, (data: any) => unknown, object, number?][] = [
      ['every article (a counter)', '{ articles(first: 1) { totalCount totalCountIsExact } }', (d) => d.articles, exact],
      [
        'a tag (a counter)',
        '{ tag(slug: "yen-bai") { articles(first: 1) { totalCount totalCountIsExact } } }',
        (d) => d.tag.articles,
        exact,
      ],
      [
        'a section with its subsection (counters)',
        '{ category(slug: "thoi-su") { articles(first: 1) { totalCount totalCountIsExact } } }',
        (d) => d.category.articles,
        exact,
      ],
      [
        'a subsection (a counter)',
        '{ category(slug: "trong-tinh") { articles(first: 1) { totalCount totalCountIsExact } } }',
        (d) => d.category.articles,
        { totalCount: Math.ceil(MANY / 2), totalCountIsExact: true },
      ],
      [
        'an author (a counter)',
        '{ author(slug: "duc-toan") { articles(first: 1) { totalCount totalCountIsExact } } }',
        (d) => d.author.articles,
        exact,
      ],
      [
        'a filtered list (capped)',
        '{ articles(first: 1, filter: { tag: "yen-bai" }) { totalCount totalCountIsExact } }',
        (d) => d.articles,
        cappedCount,
      ],
      ['search (capped)', '{ search(query: "tin tinh", first: 1) { totalCount totalCountIsExact } }', (d) => d.search, cappedCount],
      [
        'a day (capped)',
        '{ dailyArchive(date: "2024-03-04") { articles(first: 1) { totalCount totalCountIsExact } } }',
        (d) => d.dailyArchive.articles,
        cappedCount,
        0,
      ],
    ];
    for (const [name, query, pick, expected, extra = 1] of shapes) {
      it(`${name}: ${JSON.stringify(expected)}, in ${extra} statement(s) besides the page`, async () => {
        // What a process remembers (a tag's id) is warmed first: the count is what is measured.
        // (by another document: the response cache would answer the same one).
        await api.query(query.replace('totalCount totalCountIsExact', 'pageInfo { hasPreviousPage }'));
        const without = await api.queryCountingStatements(query.replace('totalCount totalCountIsExact', 'pageInfo { hasNextPage }'));
        const { response, statements } = await api.queryCountingStatements(
          query.replace('totalCount', 'pageInfo { hasNextPage } totalCount'),
        );
        expect(response.errors).toBeUndefined();
        expect(pick(response.data)).toMatchObject(expected);
        expect(reads(statements).length - reads(without.statements).length).toBe(extra);
      });
    }

    it('small lists stay exact: a filter matching a few', async () => {
      const { data } = await api.query('{ articles(filter: { publishedTo: "2024-03-04T01:00:04Z" }) { totalCount totalCountIsExact } }');
      expect(data.articles).toEqual({ totalCount: 3, totalCountIsExact: true });
    });

    it("the editors' list counts every state, capped", async () => {
      const token = await createEditorToken(db().prisma);
      const { data } = await api.query('{ editorArticles(first: 1) { totalCount totalCountIsExact } }', {}, token);
      expect(data.editorArticles).toEqual(cappedCount);
    });
  },
  loadMany,
);
