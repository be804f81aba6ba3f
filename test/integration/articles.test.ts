import { beforeAll, describe, expect, it } from 'vitest';
import { FILLER_COUNT, hidden, loadCorpus, reference } from '../support/corpus.js';
import { describeEachBackend } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const VISIBLE_COUNT = FILLER_COUNT + 1;

describeEachBackend(
  'articles over GraphQL',
  ({ db }) => {
    let api: TestGateway;
    beforeAll(() => {
      api = createTestGateway(db());
    });

    describe('article(slug:)', () => {
      it('serves the reference article as the paper prints it, diacritics intact', async () => {
        const { data, errors } = await api.query(`{
          article(slug: "${reference.slug}") {
            title slug url dateline lead publishedAt publishedAtText readingTimeMinutes status
            body { kind text }
            images { src caption alt position }
            author { name slug }
            category { name slug parent { slug } }
            tags { name slug }
          }
        }`);
        expect(errors).toBeUndefined();
        const article = data.article;
        expect(article.title).toBe('Lục Yên có trên 400 mô hình “Dân vận khéo”');
        expect(article.title).toBe(reference.title.normalize('NFC'));
        expect(article.url).toBe(`/bai-viet/${reference.slug}`);
        expect(article.dateline).toBe('Yên Bái');
        expect(article.lead).toBe(reference.lead);
        expect(article.publishedAt).toBe('2024-03-04T14:26:47+07:00');
        expect(article.publishedAtText).toBe('Thứ hai, 4/3/2024 | 2:26:47 PM');
        expect(article.status).toBe('PUBLISHED');
        expect(article.body).toHaveLength(reference.body.length);
        expect(article.body[0]).toEqual({ kind: 'PARAGRAPH', text: reference.body[0] });
        // 8 paragraphs of ~600 words in all: about three minutes at 200 words a minute.
        expect(article.readingTimeMinutes).toBeGreaterThanOrEqual(3);
        expect(article.readingTimeMinutes).toBeLessThanOrEqual(5);
        expect(article.images).toEqual([{ src: null, caption: reference.caption, alt: reference.caption, position: 0 }]);
        expect(article.author).toEqual({ name: 'Đức Toàn', slug: 'duc-toan' });
        expect(article.category).toEqual({ name: 'Trong tỉnh', slug: 'trong-tinh', parent: { slug: 'thoi-su' } });
        expect(article.tags.map((t: { name: string }) => t.name)).toEqual(['Lục Yên', 'dân vận khéo', 'mô hình']);
      });

      it('answers null, not an error, for an unknown slug', async () => {
        const response = await api.query('{ article(slug: "khong-co-bai-nay") { title } }');
        expect(response).toEqual({ data: { article: null } });
      });

      it('finds the same article by its global id, and through node(id:)', async () => {
        const { data } = await api.query(`{ article(slug: "${reference.slug}") { id } }`);
        const id = data.article.id;
        const byId = await api.query(
          'query($id: ID!) { article(id: $id) { slug } node(id: $id) { __typename ... on Article { title } } }',
          { id },
        );
        expect(byId.errors).toBeUndefined();
        expect(byId.data.article.slug).toBe(reference.slug);
        expect(byId.data.node).toEqual({ __typename: 'Article', title: reference.title });
      });

      it('rejects asking by both slug and id, or by neither', async () => {
        for (const args of ['', `(slug: "${reference.slug}", id: "QXJ0aWNsZTox")`]) {
          const { data, errors } = await api.query(`{ article${args} { title } }`);
          expect(data?.article ?? null).toBeNull();
          expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        }
      });
    });

    describe('articles connection', () => {
      it('pages through every visible article exactly once, newest first, with a stable totalCount', async () => {
        const seen: string[] = [];
        const dates: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 20; page++) {
          const { data, errors }: { data?: any; errors?: unknown } = await api.query(
            `query($after: String) { articles(first: 7, after: $after) {
              totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug publishedAt } } } }`,
            { after },
          );
          expect(errors).toBeUndefined();
          expect(data.articles.totalCount).toBe(VISIBLE_COUNT);
          for (const edge of data.articles.edges) {
            seen.push(edge.node.slug);
            dates.push(edge.node.publishedAt);
          }
          if (!data.articles.pageInfo.hasNextPage) break;
          after = data.articles.pageInfo.endCursor;
        }
        expect(seen).toHaveLength(VISIBLE_COUNT);
        expect(new Set(seen).size).toBe(VISIBLE_COUNT);
        expect(seen[0]).toBe(reference.slug);
        expect([...dates].sort().reverse()).toEqual(dates);
      });

      it('orders oldest first on request', async () => {
        const { data } = await api.query('{ articles(first: 2, orderBy: OLDEST_FIRST) { edges { node { slug } } } }');
        expect(data.articles.edges.map((e: any) => e.node.slug)).toEqual([`tin-so-${FILLER_COUNT}`, `tin-so-${FILLER_COUNT - 1}`]);
      });

      it('filters by tag, section (with its subsections), author and time window', async () => {
        const count = async (filter: string) => {
          const { data, errors } = await api.query(`{ articles(filter: ${filter}) { totalCount } }`);
          expect(errors).toBeUndefined();
          return data.articles.totalCount as number;
        };
        // Filler i carries luc-yen when i % 3 == 0 (20 of 60), plus the reference article.
        expect(await count('{ tag: "luc-yen" }')).toBe(21);
        expect(await count('{ tag: "dan-van-kheo" }')).toBe(1);
        // Thời sự holds the 30 even fillers; its subsection Trong tỉnh holds the reference.
        expect(await count('{ category: "thoi-su" }')).toBe(31);
        expect(await count('{ category: "trong-tinh" }')).toBe(1);
        expect(await count('{ author: "thu-ha" }')).toBe(30);
        expect(await count('{ author: "thu-ha", category: "thoi-su" }')).toBe(0);
        // The reference day in Vietnam, given as bare local dates.
        expect(await count('{ publishedFrom: "2024-03-04", publishedTo: "2024-03-05" }')).toBe(1);
        expect(await count('{ publishedFrom: "2024-03-02T00:00:00+07:00", publishedTo: "2024-03-04" }')).toBe(2);
        expect(await count('{ tag: "khong-ton-tai" }')).toBe(0);
      });
    });

    describe('drafts, scheduled and archived articles never reach a reader', () => {
      it('by slug, in lists, in counts, under tags, authors and sections', async () => {
        for (const slug of ['ban-nhap', 'hen-gio', 'da-go']) {
          const { data } = await api.query(`{ article(slug: "${slug}") { title } }`);
          expect(data.article).toBeNull();
        }
        const { data } = await api.query(`{
          articles(first: 100) { totalCount edges { node { title } } }
          tag(slug: "luc-yen") { articles(first: 100) { totalCount edges { node { title } } } }
          author(slug: "duc-toan") { articles(first: 100) { totalCount edges { node { title } } } }
          category(slug: "trong-tinh") { articles(first: 100) { totalCount edges { node { title } } } }
        }`);
        const lists = [data.articles, data.tag.articles, data.author.articles, data.category.articles];
        const titles = lists.flatMap((list) => list.edges.map((e: any) => e.node.title));
        for (const title of Object.values(hidden)) expect(titles).not.toContain(title);
        expect(lists.map((list) => list.totalCount)).toEqual([VISIBLE_COUNT, 21, 31, 1]);
        for (const list of lists) expect(list.edges).toHaveLength(list.totalCount);
      });

      it('through node(id:) with a forged id', async () => {
        const draft = await db().prisma.article.findUniqueOrThrow({ where: { slug: 'ban-nhap' } });
        const forged = Buffer.from(`Article:${draft.id}`).toString('base64');
        const { data, errors } = await api.query('query($id: ID!) { node(id: $id) { id } article(id: $id) { title } }', { id: forged });
        expect(errors).toBeUndefined();
        expect(data).toEqual({ node: null, article: null });
      });
    });

    describe('tags, authors, sections', () => {
      it('finds a tag by slug with its display name', async () => {
        const { data } = await api.query('{ tag(slug: "dan-van-kheo") { name url articles { edges { node { slug } } } } }');
        expect(data.tag).toEqual({
          name: 'dân vận khéo',
          url: '/tag/dan-van-kheo',
          articles: { edges: [{ node: { slug: reference.slug } }] },
        });
      });

      it('lists tags alphabetically, ignoring case and diacritics', async () => {
        const { data } = await api.query('{ tags(first: 10) { totalCount edges { node { name } } } }');
        expect(data.tags.totalCount).toBe(4);
        expect(data.tags.edges.map((e: any) => e.node.name)).toEqual(['dân vận khéo', 'Lục Yên', 'mô hình', 'Yên Bái']);
      });

      it('serves the section tree in menu order', async () => {
        const { data } = await api.query('{ categories { slug name children { slug name parent { slug } } } }');
        expect(data.categories).toEqual([
          { slug: 'thoi-su', name: 'Thời sự', children: [{ slug: 'trong-tinh', name: 'Trong tỉnh', parent: { slug: 'thoi-su' } }] },
          { slug: 'kinh-te', name: 'Kinh tế', children: [] },
        ]);
      });

      it('answers null for unknown tag, author and section slugs', async () => {
        const { data, errors } = await api.query('{ tag(slug: "x") { name } author(slug: "x") { name } category(slug: "x") { name } }');
        expect(errors).toBeUndefined();
        expect(data).toEqual({ tag: null, author: null, category: null });
      });
    });

    describe('bad input gets a coded error, never a stack trace', () => {
      const cases: [string, string, string][] = [
        ['first above the maximum', '{ articles(first: 101) { totalCount } }', 'PAGE_SIZE_EXCEEDED'],
        ['negative first', '{ articles(first: -1) { totalCount } }', 'BAD_USER_INPUT'],
        ['a cursor that is not one', '{ articles(first: 2, after: "bm90LWEtY3Vyc29y") { totalCount } }', 'INVALID_CURSOR'],
        ['an impossible date', '{ articles(filter: { publishedFrom: "2024-02-30" }) { totalCount } }', 'INVALID_DATE'],
        ['a word for a date', '{ articles(filter: { publishedFrom: "yesterday" }) { totalCount } }', 'INVALID_DATE'],
        [
          'a window that ends before it starts',
          '{ articles(filter: { publishedFrom: "2024-03-05", publishedTo: "2024-03-04" }) { totalCount } }',
          'BAD_USER_INPUT',
        ],
        ['a malformed global id', '{ node(id: "%%%") { id } }', 'INVALID_ID'],
        ['an id of another type', `{ article(id: "${Buffer.from('Tag:1').toString('base64')}") { title } }`, 'INVALID_ID'],
      ];
      for (const [name, query, code] of cases) {
        it(name, async () => {
          const { errors } = await api.query(query);
          expect(errors?.[0]?.extensions?.code).toBe(code);
          expect(JSON.stringify(errors)).not.toMatch(/at \w+ \(|\.ts:\d+|SELECT|stack/i);
        });
      }

      it('a date given as a variable is checked the same way', async () => {
        const { errors } = await api.query('query($from: DateTime) { articles(filter: { publishedFrom: $from }) { totalCount } }', {
          from: '2024-13-01',
        });
        expect(errors?.[0]?.extensions?.code).toBe('INVALID_DATE');
      });
    });

    describe('SQL statements do not grow with page size', () => {
      const homepage = `query($first: Int) { articles(first: $first) { edges { node {
        title url publishedAt lead author { name } category { name } tags { name } images { src caption }
      } } } }`;

      it('the homepage costs the same number of statements for 5 and 50 articles', async () => {
        const small = await api.queryCountingStatements(homepage, { first: 5 });
        const large = await api.queryCountingStatements(homepage, { first: 50 });
        expect(small.response.data.articles.edges).toHaveLength(5);
        expect(large.response.data.articles.edges).toHaveLength(50);
        expect(large.response.data.articles.edges.some((e: any) => e.node.tags.length > 0 && e.node.author)).toBe(true);
        expect(small.statements.length).toBeGreaterThan(0);
        expect(large.statements.length).toBe(small.statements.length);
        // The articles with their author, section, tags and images: one joined statement.
        expect(small.statements).toHaveLength(1);
      });

      it('and a page after a cursor too: the cursor carries its sort key, so no read of its row', async () => {
        const paged = homepage
          .replace(
            'query($first: Int) { articles(first: $first)',
            'query($first: Int, $after: String) { articles(first: $first, after: $after)',
          )
          .replace('edges {', 'pageInfo { endCursor } edges {');
        const first = await api.query(paged, { first: 3 });
        const after = first.data.articles.pageInfo.endCursor;
        const small = await api.queryCountingStatements(paged, { first: 5, after });
        const large = await api.queryCountingStatements(paged, { first: 50, after });
        expect(small.response.data.articles.edges).toHaveLength(5);
        expect(large.response.data.articles.edges.length).toBeGreaterThan(5);
        expect(small.statements).toHaveLength(1);
        expect(large.statements).toHaveLength(1);
      });

      it('so does a tag page', async () => {
        const tagPage = `query($first: Int) { tag(slug: "luc-yen") { name articles(first: $first) { totalCount edges { node { title author { name } tags { name } } } } } }`;
        const small = await api.queryCountingStatements(tagPage, { first: 2 });
        const large = await api.queryCountingStatements(tagPage, { first: 20 });
        expect(large.response.data.tag.articles.edges).toHaveLength(20);
        expect(large.statements.length).toBe(small.statements.length);
      });
    });
  },
  async (db) => {
    await loadCorpus(db.prisma);
  },
);
