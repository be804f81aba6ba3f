/**
 * The response cache in memory (one gateway): hits without SQL, editors never cached, and
 * publish events purging exactly what may have changed, so a reader never gets an
 * unpublished article from the cache.
 */
import { beforeAll, expect, it } from 'vitest';
import { formatLocalDate, localDateOf } from '../../src/domain/local-time.js';
import { createArticleEventBus } from '../../src/events/article-events.js';
import { describeEachBackend } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { createTaxonomy, publishArticle, unpublishArticle, updateArticle, type PublishedArticle } from '../support/caching.js';

const HOME = `query Home { articles(first: 10) { totalCount edges { node { id title } } } }`;
const ARTICLE = `query Article($slug: String!) { article(slug: $slug) { id title tags { name } category { name } } }`;
const TAG_PAGE = `query Tag($slug: String!) { tag(slug: $slug) { id name articles(first: 10) { totalCount edges { node { title } } } } }`;
const SECTION_PAGE = `query Section($slug: String!) { category(slug: $slug) { id articles(first: 10) { edges { node { title } } } } }`;
const AUTHOR_PAGE = `query Author($slug: String!) { author(slug: $slug) { id articles(first: 10) { edges { node { title } } } } }`;

const titles = (connection: { edges: { node: { title: string } }[] }) => connection.edges.map((edge) => edge.node.title);

async function cacheStatus(api: TestGateway, query: string, variables?: Record<string, unknown>, token?: string) {
  const response = await api.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  return { status: response.headers.get('cache-status'), body };
}

describeEachBackend('response cache in memory', ({ db }) => {
  let api: TestGateway;
  let editor: string;
  let first: PublishedArticle;

  beforeAll(async () => {
    await createTaxonomy(db().prisma);
    editor = await createEditorToken(db().prisma);
    api = createTestGateway(db(), {}, createArticleEventBus());
    first = await publishArticle(api, editor, {
      title: 'Lục Yên khai mạc lễ hội',
      category: 'trong-tinh',
      author: 'duc-toan',
      tags: ['Lục Yên'],
    });
  });

  it('answers a repeated reader query from the cache, without a single SQL statement', async () => {
    const query = `{ articles(first: 5) { edges { node { id title author { name } } } } }`;
    const miss = await api.queryCountingStatements(query);
    const hit = await api.queryCountingStatements(query);
    expect(miss.statements.length).toBeGreaterThan(0);
    expect(hit.statements).toEqual([]);
    expect(hit.response).toEqual(miss.response);
    expect(hit.response).not.toHaveProperty('extensions');
  });

  it('says so in Cache-Status: stored, then a hit', async () => {
    const query = `{ categories { name } }`;
    expect((await cacheStatus(api, query)).status).toBe('news-gateway; fwd=miss; stored; ttl=60');
    expect((await cacheStatus(api, query)).status).toBe('news-gateway; hit');
  });

  it('keys entries by variables, whatever their order', async () => {
    const query = `query($a: Int, $b: Int) { articles(first: $a, last: $b) { totalCount } }`;
    await api.query(query, { a: 1, b: null });
    const { statements } = await api.queryCountingStatements(query, { b: null, a: 1 });
    expect(statements).toEqual([]);
    expect((await api.queryCountingStatements(query, { a: 2 })).statements.length).toBeGreaterThan(0);
  });

  it('never serves or stores an editor’s request, and never gives an editor’s answer to a reader', async () => {
    const query = `{ articles(first: 3) { edges { node { slug status } } } }`;
    const asEditor = await cacheStatus(api, query, undefined, editor);
    expect(asEditor.status).toBe('news-gateway; fwd=bypass');
    expect((await cacheStatus(api, query, undefined, editor)).status).toBe('news-gateway; fwd=bypass');
    // The reader's first request is a miss: nothing the editor did was stored.
    expect((await cacheStatus(api, query)).status).toBe('news-gateway; fwd=miss; stored; ttl=60');
  });

  it('does not cache errors', async () => {
    const query = `{ article(slug: "a", id: "b") { title } }`;
    expect((await cacheStatus(api, query)).status).toBe('news-gateway; fwd=miss');
    expect((await cacheStatus(api, query)).status).toBe('news-gateway; fwd=miss');
  });

  it('shows a new article on the front page, its tag, section, parent section and author pages once it is published', async () => {
    const before = {
      home: (await api.query(HOME)).data.articles,
      tag: (await api.query(TAG_PAGE, { slug: 'luc-yen' })).data.tag.articles,
      section: (await api.query(SECTION_PAGE, { slug: 'trong-tinh' })).data.category.articles,
      parent: (await api.query(SECTION_PAGE, { slug: 'thoi-su' })).data.category.articles,
      author: (await api.query(AUTHOR_PAGE, { slug: 'duc-toan' })).data.author.articles,
    };
    // Cached now:
    expect((await api.queryCountingStatements(HOME)).statements).toEqual([]);

    const title = 'Lục Yên đón khách du lịch';
    await publishArticle(api, editor, { title, category: 'trong-tinh', author: 'duc-toan', tags: ['Lục Yên'] });
    const after = {
      home: (await api.query(HOME)).data.articles,
      tag: (await api.query(TAG_PAGE, { slug: 'luc-yen' })).data.tag.articles,
      section: (await api.query(SECTION_PAGE, { slug: 'trong-tinh' })).data.category.articles,
      parent: (await api.query(SECTION_PAGE, { slug: 'thoi-su' })).data.category.articles,
      author: (await api.query(AUTHOR_PAGE, { slug: 'duc-toan' })).data.author.articles,
    };
    for (const page of ['home', 'tag', 'section', 'parent', 'author'] as const) {
      expect(titles(after[page]), page).toEqual([title, ...titles(before[page])]);
    }
    expect(after.home.totalCount).toBe(before.home.totalCount + 1);
  });

  it('keeps what a publication cannot have changed: another section’s page stays cached', async () => {
    await api.query(SECTION_PAGE, { slug: 'kinh-te' });
    await publishArticle(api, editor, { title: 'Tin trong tỉnh khác', category: 'trong-tinh' });
    expect((await api.queryCountingStatements(SECTION_PAGE, { slug: 'kinh-te' })).statements).toEqual([]);
  });

  it('never serves an unpublished article from the cache: not its page, nor any list, tag or section page', async () => {
    const victim = await publishArticle(api, editor, {
      title: 'Bài sẽ bị gỡ',
      category: 'trong-tinh',
      author: 'thu-ha',
      tags: ['Lục Yên', 'Gỡ bài'],
    });
    const pages = {
      article: () => api.query(ARTICLE, { slug: victim.slug }),
      home: () => api.query(HOME),
      tag: () => api.query(TAG_PAGE, { slug: 'go-bai' }),
      section: () => api.query(SECTION_PAGE, { slug: 'thoi-su' }),
      author: () => api.query(AUTHOR_PAGE, { slug: 'thu-ha' }),
      node: () => api.query('query($id: ID!) { node(id: $id) { id ... on Article { title } } }', { id: victim.id }),
    };
    for (const [name, page] of Object.entries(pages)) {
      await page();
      expect(JSON.stringify((await page()).data), name).toContain('Bài sẽ bị gỡ');
    }
    await unpublishArticle(api, editor, victim.id);
    for (const [name, page] of Object.entries(pages)) {
      expect(JSON.stringify((await page()).data), name).not.toContain('Bài sẽ bị gỡ');
    }
    expect((await pages.article()).data.article).toBeNull();
  });

  it('keeps the day’s archive and the month’s calendar current', async () => {
    const today = formatLocalDate(localDateOf(new Date()));
    const [year, month] = today.split('-').map(Number);
    const day = async () =>
      (await api.query(`query($date: LocalDate!) { dailyArchive(date: $date) { totalCount } }`, { date: today })).data.dailyArchive
        .totalCount;
    const calendar = async () =>
      (
        await api.query(`query($y: Int!, $m: Int!) { archiveCalendar(year: $y, month: $m) { days { date articleCount } } }`, {
          y: year,
          m: month,
        })
      ).data.archiveCalendar.days.find((entry: { date: string }) => entry.date === today).articleCount;
    const before = { day: await day(), calendar: await calendar() };
    expect(await day()).toBe(before.day);
    await publishArticle(api, editor, { title: 'Tin trong ngày', category: 'kinh-te' });
    expect(await day()).toBe(before.day + 1);
    expect(await calendar()).toBe(before.calendar + 1);
  });

  it('finds an article by slug once it is published, although "not found" was cached', async () => {
    const title = 'Tin chưa có mà đã được hỏi';
    const slug = 'tin-chua-co-ma-da-duoc-hoi';
    await api.query(ARTICLE, { slug });
    expect((await api.queryCountingStatements(ARTICLE, { slug })).response.data.article).toBeNull();
    await publishArticle(api, editor, { title });
    expect((await api.query(ARTICLE, { slug })).data.article.title).toBe(title);
  });

  it('follows an edit: the new title everywhere, and the article moves between sections', async () => {
    const article = await publishArticle(api, editor, { title: 'Tiêu đề cũ', category: 'kinh-te', tags: ['Lục Yên'] });
    await api.query(SECTION_PAGE, { slug: 'kinh-te' });
    await api.query(SECTION_PAGE, { slug: 'trong-tinh' });
    await api.query(TAG_PAGE, { slug: 'luc-yen' });
    await updateArticle(api, editor, article.id, { title: 'Tiêu đề mới', category: 'trong-tinh' });
    // kinh-te may have no public article left: then it answers null (a section readers cannot see).
    expect(JSON.stringify((await api.query(SECTION_PAGE, { slug: 'kinh-te' })).data)).not.toContain('Tiêu đề cũ');
    expect(titles((await api.query(SECTION_PAGE, { slug: 'trong-tinh' })).data.category.articles)).toContain('Tiêu đề mới');
    const tagTitles = titles((await api.query(TAG_PAGE, { slug: 'luc-yen' })).data.tag.articles);
    expect(tagTitles).toContain('Tiêu đề mới');
    expect(tagTitles).not.toContain('Tiêu đề cũ');
  });

  it('purges a tag everywhere when an editor renames it, and adds a new tag to the tag list', async () => {
    const tag = (await api.query(TAG_PAGE, { slug: 'luc-yen' })).data.tag;
    const tags = () => api.query('{ tags(first: 50) { edges { node { name } } } }');
    await tags();
    await api.query(ARTICLE, { slug: first.slug });
    const renamed = await api.query(
      `mutation($id: ID!) { renameTag(id: $id, name: "Huyện Lục Yên") { __typename ... on MutationRenameTagSuccess { data { name } } } }`,
      { id: tag.id },
      editor,
    );
    expect(renamed.data?.renameTag?.__typename, JSON.stringify(renamed)).toBe('MutationRenameTagSuccess');
    expect((await api.query(TAG_PAGE, { slug: 'luc-yen' })).data.tag.name).toBe('Huyện Lục Yên');
    expect((await api.query(ARTICLE, { slug: first.slug })).data.article.tags).toContainEqual({ name: 'Huyện Lục Yên' });

    await api.query(
      `mutation { createTag(input: { name: "Thẻ mới toanh" }) { __typename ... on MutationCreateTagSuccess { data { slug } } } }`,
      {},
      editor,
    );
    // A tag no published article carries is not listed (issue 13: the embargo); it is once one does.
    expect(JSON.stringify((await tags()).data)).not.toContain('Thẻ mới toanh');
    await publishArticle(api, editor, { title: 'Tin có thẻ mới', tags: ['Thẻ mới toanh'] });
    expect(JSON.stringify((await tags()).data)).toContain('Thẻ mới toanh');
  });

  it('does not store a response whose reads began before a purge: it may hold what was purged', async () => {
    const racing = createTestGateway(db(), {});
    const query = `{ articles(first: 2) { edges { node { title category { name } } } } }`;
    let purged = false;
    // A publish event arrives while the query reads: after its first statement, before its answer.
    const stop = db().onStatement(() => {
      if (purged) return;
      purged = true;
      void racing.publications.actOn({ id: -1, type: 'UPDATED', tags: ['Article:x'], article: null, toWebhook: false, dueAt: new Date() });
    });
    try {
      expect((await cacheStatus(racing, query)).status).toBe('news-gateway; fwd=miss');
    } finally {
      stop();
    }
    expect((await cacheStatus(racing, query)).status).toBe('news-gateway; fwd=miss; stored; ttl=60');
    expect((await cacheStatus(racing, query)).status).toBe('news-gateway; hit');
    await racing.dispose();
  });

  it('does not count its own bookkeeping (`__typename` and `id` added to every selection) against the cost limit', async () => {
    const page = '{ articles(first: 20) { edges { node { title relatedArticles(first: 6) { title } } } } }'; // costs 221
    const atLimit = createTestGateway(db(), { MAX_COMPLEXITY: '221' });
    expect((await atLimit.query(page)).errors).toBeUndefined();
    const below = createTestGateway(db(), { MAX_COMPLEXITY: '220' });
    expect((await below.query(page)).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('answers the same when the cache is full or off, only slower', async () => {
    const off = createTestGateway(db(), { RESPONSE_CACHE: 'off' });
    const query = `{ articles(first: 3) { edges { node { title } } } }`;
    await off.query(query);
    const again = await off.queryCountingStatements(query);
    expect(again.statements.length).toBeGreaterThan(0);
    expect(again.response).toEqual(await api.query(query));
    expect((await cacheStatus(off, query)).status).toBeNull();
    await off.dispose();
  });
});
