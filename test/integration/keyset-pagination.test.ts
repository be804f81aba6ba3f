import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend, type TestDatabase } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Every article list pages by keyset (src/db/keyset.ts): walking it page by page, forwards
 * or backwards, gives exactly the list read in one go, ties on the publication instant
 * included; and a page after a cursor is a bounded read (every statement has a LIMIT), not
 * Prisma's in-memory paging, which read every row after the cursor.
 */
const ARTICLES = 26;
// Groups of three share one instant, so the id decides their order.
const publishedAt = (i: number) => new Date(Date.UTC(2024, 2, 4, 1, 0, 0) - Math.floor(i / 3) * 3_600_000);

async function loadTies(db: TestDatabase) {
  const { prisma } = db;
  const section = await prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự', position: 0 } });
  const subsection = await prisma.category.create({ data: { slug: 'trong-tinh', name: 'Trong tỉnh', parentId: section.id, position: 0 } });
  const other = await prisma.category.create({ data: { slug: 'the-thao', name: 'Thể thao', position: 1 } });
  const author = await prisma.author.create({ data: { slug: 'duc-toan', name: 'Đức Toàn' } });
  const tag = await prisma.tag.create({ data: { slug: 'luc-yen', name: 'Lục Yên' } });
  for (let i = 0; i < ARTICLES; i++) {
    await prisma.article.create({
      data: {
        slug: `tin-${i}`,
        title: `Tin ${i}`,
        status: 'PUBLISHED',
        publishedAt: publishedAt(i),
        // Edits in another order than publication, for the editors' list.
        updatedAt: new Date(Date.UTC(2024, 2, 5) + ((i * 7) % ARTICLES) * 60_000),
        authorId: i % 4 === 3 ? null : author.id,
        categoryId: [section.id, subsection.id, other.id][i % 3]!,
        tags: i % 5 === 4 ? undefined : { create: [{ tagId: tag.id }] },
      },
    });
  }
  await prisma.article.create({ data: { slug: 'ban-nhap', title: 'Bản nháp', updatedAt: new Date(Date.UTC(2024, 2, 6)) } });
}

const lists: [string, string, (data: any) => any][] = [
  ['articles, newest first', 'articles(ARGS)', (d) => d.articles],
  ['articles, oldest first', 'articles(orderBy: OLDEST_FIRST, ARGS)', (d) => d.articles],
  ['a section with its subsection', 'category(slug: "thoi-su") { articles(ARGS)', (d) => d.category.articles],
  ['an author', 'author(slug: "duc-toan") { articles(ARGS)', (d) => d.author.articles],
  ['a tag', 'tag(slug: "luc-yen") { articles(ARGS)', (d) => d.tag.articles],
  ['a day', 'dailyArchive(date: "2024-03-04") { articles(ARGS)', (d) => d.dailyArchive.articles],
  ['the editors\u2019 list', 'editorArticles(ARGS)', (d) => d.editorArticles],
];

const VARIABLE_TYPES: Record<string, string> = { first: 'Int', last: 'Int', after: 'String', before: 'String' };

function document(field: string, args: string) {
  const opened = (field.match(/\{/g) ?? []).length;
  const variables = [...args.matchAll(/\$(\w+)/g)].map(([, name]) => `$${name}: ${VARIABLE_TYPES[name!]}`);
  return `query(${variables.join(', ')}) { ${field.replace('ARGS', args)} {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { slug } } }${' }'.repeat(opened)} }`;
}

describeEachBackend(
  'keyset pagination of article lists',
  ({ db }) => {
    let api: TestGateway;
    let editor: string;
    beforeAll(async () => {
      api = createTestGateway(db());
      editor = await createEditorToken(db().prisma);
    });

    for (const [name, field, connection] of lists) {
      describe(name, () => {
        const read = async (args: string, variables: Record<string, unknown>) => {
          const response = await api.query(document(field, args), variables, editor);
          expect(response.errors).toBeUndefined();
          return connection(response.data);
        };
        const slugs = (page: any): string[] => page.edges.map((edge: any) => edge.node.slug);

        it('gives the whole list page by page, forwards and backwards, ties included', async () => {
          const whole = slugs(await read('first: $first', { first: 100 }));
          expect(whole.length).toBeGreaterThan(6);

          const forwards: string[] = [];
          let after: string | null = null;
          for (let i = 0; i < 30; i++) {
            const page = await read('first: $first, after: $after', { first: 4, after });
            forwards.push(...slugs(page));
            if (!page.pageInfo.hasNextPage) break;
            after = page.pageInfo.endCursor;
          }
          expect(forwards).toEqual(whole);

          const backwards: string[] = [];
          let before: string | null = null;
          for (let i = 0; i < 30; i++) {
            const page = await read('last: $last, before: $before', { last: 4, before });
            backwards.unshift(...slugs(page));
            if (!page.pageInfo.hasPreviousPage) break;
            before = page.pageInfo.startCursor;
          }
          expect(backwards).toEqual(whole);
        });

        it('reads a page after a cursor with bounded statements', async () => {
          const first = await read('first: $first', { first: 4 });
          const statements: string[] = [];
          const stop = db().onStatement((sql) => statements.push(sql));
          try {
            const second = await read('first: $first, after: $after', { first: 4, after: first.pageInfo.endCursor });
            expect(slugs(second)).toHaveLength(4);
          } finally {
            stop();
          }
          const lists = statements.filter((sql) => /FROM "public"\."(Article|ArticleTag)"/.test(sql) && /ORDER BY/.test(sql));
          expect(lists.length).toBeGreaterThan(0);
          for (const sql of lists) expect(sql).toMatch(/\bLIMIT\b/);
        });
      });
    }
  },
  loadTies,
);
