/**
 * One rule for what a reader may see (src/domain/publication.ts, src/db/visibility.ts, the
 * migration reader_visibility), and an embargo that holds on every path:
 *
 * - every form of the rule (TypeScript, the Prisma where, the SQL functions, the triggers'
 *   ArticleTag."visibleAt", the counters) agrees on every state an article can be in;
 * - the same reader queries, asked of a database holding only the public articles and of
 *   one holding the same public articles plus drafts, scheduled and withdrawn articles (some
 *   sharing tags, sections and authors with public ones, some with tags, an author and a
 *   section of their own), answer exactly the same: lists, counts, tags, authors, sections,
 *   search, the archive, related-article rankings, node(id:) and cursors naming hidden articles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/db/database.js';
import { isPublic, visibleArticles, visibleFrom } from '../../src/db/visibility.js';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const day = (n: number, hour = 3) => new Date(Date.UTC(2024, 2, 1 + n, hour));
const PUBLIC_COUNT = 14;

/** The public articles: ids 1..PUBLIC_COUNT in both databases (they are written first). */
async function loadPublic(prisma: DatabaseClient) {
  const thoiSu = await prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự', position: 0 } });
  const kinhTe = await prisma.category.create({ data: { slug: 'kinh-te', name: 'Kinh tế', position: 1 } });
  const trongTinh = await prisma.category.create({ data: { slug: 'trong-tinh', name: 'Trong tỉnh', parentId: thoiSu.id } });
  const authors = [
    await prisma.author.create({ data: { slug: 'duc-toan', name: 'Đức Toàn' } }),
    await prisma.author.create({ data: { slug: 'thu-ha', name: 'Thu Hà' } }),
  ];
  const tags = [
    await prisma.tag.create({ data: { slug: 'luc-yen', name: 'Lục Yên' } }),
    await prisma.tag.create({ data: { slug: 'yen-bai', name: 'Yên Bái' } }),
    await prisma.tag.create({ data: { slug: 'mo-hinh', name: 'mô hình' } }),
  ];
  const sections = [thoiSu, kinhTe, trongTinh];
  for (let i = 0; i < PUBLIC_COUNT; i++) {
    const tagIds = i % 4 === 0 ? [tags[0]!.id, tags[1]!.id] : i % 3 === 0 ? [tags[2]!.id, tags[1]!.id] : [tags[1]!.id];
    await prisma.article.create({
      data: {
        slug: `tin-${i}`,
        title: `Tin ${i}: mô hình dân vận ở Lục Yên`,
        lead: `Tóm tắt tin ${i} về dân vận.`,
        body: [{ kind: 'PARAGRAPH', text: `Nội dung tin ${i}, dân vận khéo.` }],
        status: 'PUBLISHED',
        publishedAt: day(Math.floor(i / 2), 2 + (i % 2) * 10),
        updatedAt: day(Math.floor(i / 2)),
        authorId: authors[i % 2]!.id,
        categoryId: sections[i % 3]!.id,
        tags: { create: tagIds.map((tagId, position) => ({ tagId, position })) },
      },
    });
  }
}

/** Hidden articles: sharing everything with public ones, or with tags, an author and sections of their own. */
async function loadHidden(prisma: DatabaseClient) {
  const shared = {
    title: 'Tin mật: mô hình dân vận ở Lục Yên',
    lead: 'Không được lộ: dân vận.',
    body: [{ kind: 'PARAGRAPH', text: 'Nội dung mật, dân vận khéo.' }],
    updatedAt: day(3),
  };
  const tag = (slug: string) => prisma.tag.findUniqueOrThrow({ where: { slug } });
  const [lucYen, yenBai] = [await tag('luc-yen'), await tag('yen-bai')];
  const thoiSu = await prisma.category.findUniqueOrThrow({ where: { slug: 'thoi-su' } });
  const ducToan = await prisma.author.findUniqueOrThrow({ where: { slug: 'duc-toan' } });
  // Of their own: used by hidden articles only.
  const secretTag = await prisma.tag.create({ data: { slug: 'tag-mat', name: 'Tag mật' } });
  const secretAuthor = await prisma.author.create({ data: { slug: 'an-danh', name: 'Ẩn danh' } });
  const secretSection = await prisma.category.create({ data: { slug: 'bi-mat', name: 'Bí mật', position: 2 } });
  const secretSubsection = await prisma.category.create({ data: { slug: 'mat-con', name: 'Mật con', parentId: thoiSu.id, position: 1 } });

  const write = (slug: string, state: object, categoryId: number, authorId: number, tagIds: number[]) =>
    prisma.article.create({
      data: { ...shared, slug, ...state, categoryId, authorId, tags: { create: tagIds.map((tagId, position) => ({ tagId, position })) } },
    });
  const states = {
    draft: { status: 'DRAFT', publishedAt: null },
    draftDated: { status: 'DRAFT', publishedAt: day(2, 5) },
    scheduled: { status: 'PUBLISHED', publishedAt: new Date('2099-01-01T00:00:00Z') },
    withdrawn: { status: 'ARCHIVED', publishedAt: day(3, 4) },
  } as const;
  for (const [name, state] of Object.entries(states)) {
    await write(`an-${name}`, state, thoiSu.id, ducToan.id, [lucYen.id, yenBai.id]);
    await write(`rieng-${name}`, state, secretSection.id, secretAuthor.id, [secretTag.id]);
    await write(`con-${name}`, state, secretSubsection.id, secretAuthor.id, [secretTag.id]);
  }
  // Public once, then withdrawn or moved back to a draft: the counters must follow.
  for (const [slug, status] of [
    ['go-lai', 'ARCHIVED'],
    ['nhap-lai', 'DRAFT'],
  ] as const) {
    const article = await write(slug, { status: 'PUBLISHED', publishedAt: day(4, 6) }, thoiSu.id, ducToan.id, [lucYen.id]);
    await prisma.article.update({ where: { id: article.id }, data: { status } });
  }
}

const encode = (text: string) => Buffer.from(text).toString('base64');

/** Every reader query, each answered by both databases. */
function readerQueries(hiddenIds: number[]): [string, string, Record<string, unknown>?][] {
  const tagSlugs = ['luc-yen', 'yen-bai', 'mo-hinh', 'tag-mat'];
  const authorSlugs = ['duc-toan', 'thu-ha', 'an-danh'];
  const sectionSlugs = ['thoi-su', 'kinh-te', 'trong-tinh', 'bi-mat', 'mat-con'];
  const page = 'totalCount totalCountIsExact pageInfo { hasNextPage endCursor } edges { cursor node { id slug } }';
  const queries: [string, string, Record<string, unknown>?][] = [
    ['articles', `{ articles(first: 100) { ${page} } }`],
    ['articles oldest first', `{ articles(first: 100, orderBy: OLDEST_FIRST) { ${page} } }`],
    [
      'articles, every field',
      '{ articles(first: 100) { edges { node { title lead body { text } status publishedAt tags { id slug } author { id slug } category { id slug parent { slug } } } } } }',
    ],
    ['tags', '{ tags(first: 100) { totalCount totalCountIsExact edges { node { id slug name } } } }'],
    ['section tree', '{ categories { id slug children { id slug parent { slug } } } }'],
  ];
  for (const slug of tagSlugs) queries.push([`tag ${slug}`, `{ tag(slug: "${slug}") { id name articles(first: 100) { ${page} } } }`]);
  for (const slug of authorSlugs)
    queries.push([`author ${slug}`, `{ author(slug: "${slug}") { id name articles(first: 100) { ${page} } } }`]);
  for (const slug of sectionSlugs) {
    queries.push([`section ${slug}`, `{ category(slug: "${slug}") { id name children { slug } articles(first: 100) { ${page} } } }`]);
  }
  const filters = [
    {},
    ...tagSlugs.map((tag) => ({ tag })),
    ...authorSlugs.map((author) => ({ author })),
    ...sectionSlugs.map((category) => ({ category })),
    { publishedFrom: day(2), publishedTo: day(5) },
  ];
  for (const filter of filters) {
    queries.push([
      `articles filtered ${JSON.stringify(filter)}`,
      `query($f: ArticleFilter) { articles(first: 100, filter: $f) { ${page} } }`,
      { f: filter },
    ]);
    // Scores and cursors carry the request's clock (freshness); the order and snippets do not.
    queries.push([
      `search ${JSON.stringify(filter)}`,
      'query($f: ArticleFilter) { search(query: "dan van", first: 50, filter: $f) { totalCount totalCountIsExact pageInfo { hasNextPage } edges { snippet node { id slug } } } }',
      { f: filter },
    ]);
  }
  for (let n = -1; n <= 8; n++) {
    const date = day(n).toISOString().slice(0, 10);
    for (const category of [null, 'thoi-su', 'bi-mat']) {
      queries.push([
        `archive ${date} ${category}`,
        `query($d: LocalDate!, $c: String) { dailyArchive(date: $d, category: $c) { totalCount categories { category { slug } count }
           previousDay { date } nextDay { date } articles(first: 100) { ${page} } } }`,
        { d: date, c: category },
      ]);
    }
  }
  for (const category of [null, 'thoi-su', 'kinh-te', 'bi-mat']) {
    queries.push([
      `calendar ${category}`,
      'query($c: String) { archiveCalendar(year: 2024, month: 3, category: $c) { days { date articleCount } } }',
      { c: category },
    ]);
  }
  for (let i = 0; i < PUBLIC_COUNT; i++) {
    queries.push([`related tin-${i}`, `{ article(slug: "tin-${i}") { relatedArticles(first: 20) { id slug } } }`]);
  }
  // Every id a hidden article, tag, author or section has in the second database, and
  // beyond: null in both.
  const ids = Array.from({ length: Math.max(...hiddenIds) + 3 }, (_, i) => i + 1);
  for (const type of ['Article', 'Tag', 'Author', 'Category']) {
    queries.push([`node ${type}`, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids.map((id) => encode(`${type}:${id}`)) }]);
  }
  // A cursor naming a hidden article (or one beyond every id) answers as an unknown one.
  for (const id of [...hiddenIds, 999_999]) {
    const after = encode(`GPC:N:${id}`);
    queries.push([
      `cursor ${id}`,
      `query($after: String) {
        articles(first: 5, after: $after) { edges { node { slug } } }
        old: articles(first: 5, after: $after, orderBy: OLDEST_FIRST) { edges { node { slug } } }
        tag(slug: "luc-yen") { articles(first: 5, after: $after) { edges { node { slug } } } }
        author(slug: "duc-toan") { articles(first: 5, after: $after) { edges { node { slug } } } }
        category(slug: "thoi-su") { articles(first: 5, after: $after) { edges { node { slug } } } }
        dailyArchive(date: "2024-03-04") { articles(first: 5, after: $after) { edges { node { slug } } } }
      }`,
      { after },
    ]);
  }
  return queries;
}

for (const backend of backends) {
  describe(`what a reader may see [${backend}]`, () => {
    let onlyPublic: TestDatabase;
    let withHidden: TestDatabase;
    let publicApi: TestGateway;
    let hiddenApi: TestGateway;
    let hiddenIds: number[];

    beforeAll(async () => {
      [onlyPublic, withHidden] = await Promise.all([createTestDatabase(backend), createTestDatabase(backend)]);
      await loadPublic(onlyPublic.prisma);
      await loadPublic(withHidden.prisma);
      await loadHidden(withHidden.prisma);
      hiddenIds = (await withHidden.prisma.article.findMany({ where: { id: { gt: PUBLIC_COUNT } }, select: { id: true } })).map(
        (a) => a.id,
      );
      publicApi = createTestGateway(onlyPublic);
      hiddenApi = createTestGateway(withHidden);
    });
    afterAll(async () => {
      await Promise.all([publicApi?.dispose(), hiddenApi?.dispose()]);
      await Promise.all([onlyPublic?.drop(), withHidden?.drop()]);
    });

    it('every form of the rule agrees on every state: TypeScript, Prisma, the SQL functions, ArticleTag.visibleAt', async () => {
      const { prisma } = withHidden;
      const now = new Date();
      const rows = await prisma.$queryRaw<
        {
          id: number;
          status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
          publishedAt: Date | null;
          from: Date | null;
          public: boolean;
          scheduled: boolean | null;
        }[]
      >`SELECT id, status::text AS status, "publishedAt", "article_visible_from"(status, "publishedAt") AS from,
               coalesce("article_is_public"(status, "publishedAt", ${now}::timestamptz), false) AS public,
               coalesce("article_is_scheduled"(status, "publishedAt", ${now}::timestamptz), false) AS scheduled
          FROM "Article" ORDER BY id`;
      expect(
        new Set(rows.map((row) => `${row.status}:${row.publishedAt === null ? 'undated' : row.publishedAt > now ? 'future' : 'past'}`)),
      ).toEqual(new Set(['PUBLISHED:past', 'PUBLISHED:future', 'DRAFT:undated', 'DRAFT:past', 'ARCHIVED:past']));
      const prismaPublic = new Set(
        (await prisma.article.findMany({ where: visibleArticles({ now }), select: { id: true } })).map((a) => a.id),
      );
      for (const row of rows) {
        expect(row.from, `visible-from of ${row.id}`).toEqual(visibleFrom(row));
        expect(row.public, `public ${row.id}`).toBe(isPublic(row, now));
        expect(prismaPublic.has(row.id), `Prisma ${row.id}`).toBe(row.public);
        expect(row.scheduled, `scheduled ${row.id}`).toBe(row.from !== null && row.from > now);
      }
      expect(prismaPublic.size).toBe(PUBLIC_COUNT);
      const tagRows = await prisma.articleTag.findMany({ include: { article: { select: { status: true, publishedAt: true } } } });
      for (const row of tagRows) expect(row.visibleAt).toEqual(visibleFrom(row.article));
    });

    it('counters count exactly the public articles of each scope', async () => {
      const { prisma } = withHidden;
      const now = new Date();
      const count = async (scope: string, keys: number[]) =>
        (await prisma.$queryRaw<{ n: number }[]>`SELECT "public_article_count"(${scope}, ${keys}::int[], ${now}::timestamptz) AS n`)[0]!.n;
      expect(await count('all', [])).toBe(PUBLIC_COUNT);
      for (const tag of await prisma.tag.findMany()) {
        expect(await count('tag', [tag.id]), tag.slug).toBe(
          await prisma.article.count({ where: { ...visibleArticles({ now }), tags: { some: { tagId: tag.id } } } }),
        );
      }
      for (const author of await prisma.author.findMany()) {
        expect(await count('author', [author.id]), author.slug).toBe(
          await prisma.article.count({ where: { ...visibleArticles({ now }), authorId: author.id } }),
        );
      }
      for (const category of await prisma.category.findMany()) {
        expect(await count('category', [category.id]), category.slug).toBe(
          await prisma.article.count({ where: { ...visibleArticles({ now }), categoryId: category.id } }),
        );
      }
    });

    it('every reader query answers the same with and without the hidden articles', async () => {
      const queries = readerQueries(hiddenIds);
      let nonEmpty = 0;
      for (const [name, query, variables] of queries) {
        const [expected, actual] = await Promise.all([publicApi.query(query, variables), hiddenApi.query(query, variables)]);
        expect(expected.errors, name).toBeUndefined();
        expect(actual, name).toEqual(expected);
        const text = JSON.stringify(actual.data);
        for (const secret of ['an-', 'rieng-', 'con-', 'go-lai', 'nhap-lai', 'tag-mat', 'bi-mat', 'mat-con', 'Tin mật']) {
          expect(text, `${name} leaks ${secret}`).not.toContain(`"${secret}`);
        }
        if (/"slug":"tin-/.test(text)) nonEmpty++;
      }
      // The comparison is meaningful: most queries find public articles.
      expect(nonEmpty).toBeGreaterThan(queries.length / 2);
    });

    it('the hidden articles are really there, and an editor previews them', async () => {
      expect(hiddenIds.length).toBe(14);
      const preview = await withHidden.prisma.article.count({ where: { slug: { startsWith: 'rieng-' } } });
      expect(preview).toBe(4);
    });
  });
}
