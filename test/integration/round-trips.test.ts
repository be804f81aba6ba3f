/**
 * Round trips per page (issue 15 item 2), counted on both backends: the example operations a
 * news site sends (examples/operations) in at most two SQL statements, article lists in one
 * per page whether or not it follows a cursor, and none of it growing with the page size.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleDocuments } from '../../src/persisted/example-documents.js';
import { loadCorpus, reference } from '../support/corpus.js';
import { describeEachBackend } from '../support/databases.js';
import { allParts } from '../support/multipart.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const operation = (name: string) => {
  const found = exampleDocuments(projectRoot, 'examples/operations').find((example) => example.operationName === name);
  if (!found) throw new Error(`no example operation ${name}`);
  return found.document;
};

describeEachBackend(
  'round trips',
  ({ db }) => {
    let api: TestGateway;
    beforeAll(async () => {
      api = createTestGateway(db());
      // The publication dispatcher's first pass sends statements of its own: let it end first.
      await api.publications.runOnce();
    });

    /** A query with @defer sent for multipart parts, with the statements it cost. */
    async function deferredCountingStatements(query: string, variables: Record<string, unknown>) {
      const statements: string[] = [];
      const stop = db().onStatement((sql) => statements.push(sql));
      try {
        const response = await api.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'multipart/mixed; deferSpec=20220824' },
          body: JSON.stringify({ query, variables }),
        });
        return { parts: await allParts(response), statements };
      } finally {
        stop();
      }
    }

    describe('the daily archive page (DailyArchivePage)', () => {
      it('is two statements: the day with its neighbours and sections, then its articles', async () => {
        for (const variables of [{ date: '2024-03-04' }, { date: '2024-03-04', category: 'thoi-su' }, { date: '2024-03-02', first: 1 }]) {
          const { response, statements } = await api.queryCountingStatements(operation('DailyArchivePage'), variables);
          expect(response.errors).toBeUndefined();
          const archive = response.data.dailyArchive;
          expect(archive.articles.edges.length).toBeGreaterThan(0);
          expect(archive.previousDay?.date ?? archive.nextDay?.date).toBeDefined();
          expect(archive.categories.length).toBeGreaterThan(0);
          expect(statements, JSON.stringify(variables)).toHaveLength(2);
        }
      });

      it('answers as before: the day, its scope, counts, neighbours and sections', async () => {
        const { response } = await api.queryCountingStatements(operation('DailyArchivePage'), { date: '2024-03-04', category: 'thoi-su' });
        const archive = response.data.dailyArchive;
        expect(archive.date).toBe('2024-03-04');
        expect(archive.category).toMatchObject({ name: 'Thời sự', url: expect.any(String) });
        expect(archive.totalCount).toBe(1);
        expect(archive.articles.edges.map((edge: any) => edge.node.url)).toEqual([`/bai-viet/${reference.slug}`]);
        expect(archive.previousDay).toEqual({ date: '2024-03-03' });
        expect(archive.nextDay).toBeNull();
        expect(archive.categories).toEqual([{ category: { id: expect.any(String), name: 'Trong tỉnh', slug: 'trong-tinh' }, count: 1 }]);
        const unknown = await api.query(operation('DailyArchivePage'), { date: '2024-03-04', category: 'khong-co' });
        expect(unknown).toEqual({ data: { dailyArchive: null } });
      });

      it('does not grow with the page size', async () => {
        const one = await api.queryCountingStatements(operation('DailyArchivePage'), { date: '2024-03-04', first: 1 });
        const many = await api.queryCountingStatements(operation('DailyArchivePage'), { date: '2024-03-04', first: 50 });
        expect(many.statements).toHaveLength(one.statements.length);
      });
    });

    describe('the article page (ArticlePage)', () => {
      it('is one statement: the article, its byline, section, tags, pictures, and its related articles with theirs', async () => {
        for (const related of [1, 6, 20]) {
          const { response, statements } = await api.queryCountingStatements(operation('ArticlePage'), { slug: reference.slug, related });
          expect(response.errors).toBeUndefined();
          const article = response.data.article;
          expect(article.title).toBe(reference.title);
          expect(article.tags.length).toBeGreaterThan(0);
          expect(article.relatedArticles).toHaveLength(related);
          for (const other of article.relatedArticles) expect(other).toMatchObject({ url: expect.any(String), images: expect.any(Array) });
          expect(statements, `related: ${related}`).toHaveLength(1);
          expect(statements[0]).toMatch(/"RelatedArticle"/);
        }
      });

      it('deferred (ArticleScreen): the article at once, its related list by one more statement', async () => {
        const { parts, statements } = await deferredCountingStatements(operation('ArticleScreen'), { slug: reference.slug });
        expect(parts[0]!.data.article).not.toHaveProperty('relatedArticles');
        expect(parts.at(-1)!.incremental?.[0]?.data.relatedArticles).toHaveLength(6);
        expect(statements).toHaveLength(2);
        expect(statements[0]).not.toMatch(/"RelatedArticle"/);
        expect(statements[1]).toMatch(/"RelatedArticle"/);
      });

      it('a page of articles with their related lists costs the same for 2 and 20 articles', async () => {
        const page = `query($first: Int) { articles(first: $first) { edges { node {
          slug relatedArticles(first: 3) { slug url author { name } tags { slug } images { src } } } } } }`;
        const counts: number[] = [];
        for (const first of [2, 20]) {
          const { response, statements } = await api.queryCountingStatements(page, { first });
          expect(response.errors).toBeUndefined();
          expect(response.data.articles.edges).toHaveLength(first);
          for (const edge of response.data.articles.edges) expect(edge.node.relatedArticles).toHaveLength(3);
          counts.push(statements.length);
        }
        expect(counts).toEqual([1, 1]);
      });
    });

    describe('a page of articles with its related lists deferred', () => {
      const deferred = `query($first: Int) { articles(first: $first) { edges { node {
        slug ... @defer { relatedArticles(first: 3) { slug url author { name } tags { slug } } } } } } }`;
      const send = (first: number) => deferredCountingStatements(deferred, { first });

      it('is two statements for 2 and for 20 articles: the page, then every deferred list at once', async () => {
        for (const first of [2, 20]) {
          const { parts, statements } = await send(first);
          expect(parts[0]!.data.articles.edges).toHaveLength(first);
          expect(parts[0]!.data.articles.edges[0].node).not.toHaveProperty('relatedArticles');
          const lists = parts.flatMap((part: any) => part.incremental ?? []).map((item: any) => item.data.relatedArticles);
          expect(lists).toHaveLength(first);
          for (const list of lists) expect(list).toHaveLength(3);
          expect(statements, `first: ${first}`).toHaveLength(2);
          expect(statements[0]).not.toMatch(/"RelatedArticle"/);
          expect(statements[1]).toMatch(/"RelatedArticle"/);
        }
      });

      it('answers each deferred list as the same query without @defer does', async () => {
        const { parts } = await send(5);
        const items = parts.flatMap((part: any) => part.incremental ?? []);
        const bySlug = new Map<string, unknown>();
        for (const item of items) bySlug.set(parts[0]!.data.articles.edges[item.path.at(-2)].node.slug, item.data.relatedArticles);
        const whole = await api.query(deferred.replace('... @defer {', '... on Article {'), { first: 5 });
        expect(whole.errors).toBeUndefined();
        for (const { node } of whole.data.articles.edges) expect(bySlug.get(node.slug)).toEqual(node.relatedArticles);
      });
    });

    describe('the front page (HomePage)', () => {
      it('is the page in one statement, reading of each card only what the card shows, and the counter', async () => {
        const { response, statements } = await api.queryCountingStatements(operation('HomePage'), { first: 20 });
        expect(response.errors).toBeUndefined();
        expect(response.data.articles.edges).toHaveLength(20);
        expect(response.data.articles.edges[0].node.tags.length).toBeGreaterThan(0);
        // The page and its totalCount, read from the corpus counter.
        expect(statements).toHaveLength(2);
        expect(statements[1]).toMatch(/public_article_count/);
        // The tag link rows give their tag and nothing of their own: no link row's time or
        // position is read, turned into JSON and mapped 20 × tags times a page.
        expect(statements[0]).toMatch(/"ArticleTag_tag"/);
        expect(statements[0]).not.toMatch(/'visibleAt'/);
        // Nor what a card does not show: the body, a byline's bio, a section's description, a
        // tag's counter, a picture's size.
        for (const column of ['body', 'bio', 'description', 'articleCount', 'width', 'createdAt']) {
          expect(statements[0]).not.toMatch(new RegExp(`"${column}"`));
        }
      });
    });

    describe("articles(filter: { tag }), the README's first example", () => {
      const list = `query($first: Int, $after: String) { articles(first: $first, after: $after, filter: { tag: "luc-yen" }) {
        pageInfo { hasNextPage endCursor } edges { cursor node { slug author { name } tags { slug } } } } }`;

      it("reads along the tag's own index: one statement from ArticleTag, no EXISTS over the tag's articles", async () => {
        // The first request for a tag in a process looks its id up once (src/db/tag-ids.ts).
        const cold = await api.queryCountingStatements(list, { first: 4 });
        expect(cold.statements).toHaveLength(2);
        expect(cold.statements[0]).toMatch(/FROM "public"\."Tag"/);
        const { response, statements } = await api.queryCountingStatements(list, { first: 5 });
        expect(response.errors).toBeUndefined();
        expect(response.data.articles.edges).toHaveLength(5);
        expect(statements).toHaveLength(1);
        expect(statements[0]).toMatch(/FROM "public"\."ArticleTag"/);
        expect(statements[0]).not.toMatch(/EXISTS/i);
        // The tag by id, a constant to the planner, so it reads the index in order and stops.
        expect(statements[0]).toMatch(/"t0"\."tagId" = \$\d+/);
        expect(statements[0]).not.toMatch(/"slug" = \$/);
        expect(statements[0]).toMatch(/\bLIMIT\b/);
      });

      it('answers as the tag page does, page after page, each page after a cursor one statement', async () => {
        const tagPage = await api.query(`{ tag(slug: "luc-yen") { articles(first: 100) { edges { node { slug } } } } }`);
        const whole = tagPage.data.tag.articles.edges.map((edge: any) => edge.node.slug);
        expect(whole.length).toBeGreaterThan(8);
        const paged: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 20; i++) {
          const { response, statements }: { response: any; statements: string[] } = await api.queryCountingStatements(list, {
            first: 4,
            after,
          });
          paged.push(...response.data.articles.edges.map((edge: any) => edge.node.slug));
          expect(statements).toHaveLength(1);
          if (!response.data.articles.pageInfo.hasNextPage) break;
          after = response.data.articles.pageInfo.endCursor;
        }
        expect(paged).toEqual(whole);
      });

      it("costs the same for 2 and 20 articles, after a cursor too; totalCount is one more statement (capped, on the tag's rows)", async () => {
        const first = await api.query(list, { first: 1 });
        const after = first.data.articles.pageInfo.endCursor;
        for (const variables of [{ first: 2 }, { first: 20 }, { first: 2, after }, { first: 20, after }]) {
          const { statements } = await api.queryCountingStatements(list, variables);
          expect(statements, JSON.stringify(variables)).toHaveLength(1);
        }
        const counted = await api.queryCountingStatements(
          `{ articles(first: 20, filter: { tag: "luc-yen" }) { totalCount totalCountIsExact edges { node { slug } } } }`,
        );
        expect(counted.response.data.articles).toMatchObject({ totalCount: 21, totalCountIsExact: true });
        expect(counted.statements).toHaveLength(2);
        expect(counted.statements.every((sql) => /"ArticleTag"/.test(sql))).toBe(true);
      });
    });
  },
  async (db) => {
    await loadCorpus(db.prisma);
  },
);
