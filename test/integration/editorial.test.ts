import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleEvent } from '../../src/events/article-events.js';
import { createArticleEventBus } from '../../src/events/article-events.js';
import { describeEachBackend } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const REFERENCE_TITLE = 'Lục Yên có trên 400 mô hình “Dân vận khéo”';

const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) {
  __typename
  ... on MutationCreateArticleSuccess { data { id slug title status version tags { name slug } category { slug } } }
  ... on ValidationError { message issues { path message } }
} }`;
const UPDATE = `mutation($id: ID!, $version: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, version: $version, input: $input) {
  __typename
  ... on MutationUpdateArticleSuccess { data { slug title version } }
  ... on VersionConflictError { currentVersion message }
  ... on ValidationError { issues { path message } }
} }`;
const PUBLISH = `mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, publishAt: $at) {
  __typename ... on MutationPublishArticleSuccess { data { status publishedAt version } } } }`;
const UNPUBLISH = `mutation($id: ID!) { unpublishArticle(id: $id) { __typename ... on MutationUnpublishArticleSuccess { data { status } } } }`;

describeEachBackend('editorial API', ({ db }) => {
  let api: TestGateway;
  let editor: string;
  let admin: string;
  const events: ArticleEvent[] = [];

  beforeAll(async () => {
    const bus = createArticleEventBus();
    api = createTestGateway(db(), {}, bus);
    void (async () => {
      for await (const event of bus.subscribe()) events.push(event);
    })();
    const { prisma } = db();
    await prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự' } });
    await prisma.author.create({ data: { slug: 'duc-toan', name: 'Đức Toàn' } });
    editor = await createEditorToken(prisma);
    admin = await createEditorToken(prisma, { role: 'ADMIN' });
  });

  const articleCount = () => db().prisma.article.count();
  const create = async (input: Record<string, unknown>, token = editor) => (await api.query(CREATE, { input }, token)).data?.createArticle;

  describe('who may write', () => {
    const cases: [string, string | undefined, string][] = [
      ['an anonymous reader', undefined, 'FORBIDDEN'],
      ['a malformed token', 'not-a-token', 'UNAUTHENTICATED'],
      ['an unknown token', `ngw_${'A'.repeat(43)}`, 'UNAUTHENTICATED'],
    ];
    for (const [who, token, code] of cases) {
      it(`refuses ${who} with ${code} and writes nothing`, async () => {
        const before = await articleCount();
        const { errors } = await api.query(CREATE, { input: { title: 'Tin trái phép' } }, token);
        expect(errors?.[0]?.extensions?.code).toBe(code);
        expect(await articleCount()).toBe(before);
      });
    }

    it('refuses expired and revoked tokens', async () => {
      const expired = await createEditorToken(db().prisma, { expiresAt: new Date(Date.now() - 1000) });
      const revoked = await createEditorToken(db().prisma, { revoked: true });
      for (const token of [expired, revoked]) {
        const response = await api.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ me { name } }' }),
        });
        expect(response.status).toBe(401);
        expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
    });

    it('keeps the section tree to administrators', async () => {
      const query =
        'mutation { createCategory(input: { name: "Kinh tế" }) { __typename ... on MutationCreateCategorySuccess { data { slug } } } }';
      expect((await api.query(query, {}, editor)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await db().prisma.category.count({ where: { slug: 'kinh-te' } })).toBe(0);
      expect((await api.query(query, {}, admin)).data.createCategory.data.slug).toBe('kinh-te');
    });

    it('tells an editor who they are', async () => {
      expect((await api.query('{ me { name role } }', {}, admin)).data.me).toEqual({ name: 'Biên tập viên', role: 'ADMIN' });
      expect((await api.query('{ me { name } }')).data.me).toBeNull();
    });
  });

  describe('writing articles', () => {
    it('creates a draft with tags made on the fly, and a unique slug for a repeated headline', async () => {
      const input = {
        title: REFERENCE_TITLE,
        tags: ['Lục Yên', 'dân vận khéo'],
        category: 'thoi-su',
        author: 'duc-toan',
        body: ['Đoạn một.'],
      };
      const first = await create(input);
      expect(first.__typename).toBe('MutationCreateArticleSuccess');
      expect(first.data).toMatchObject({
        slug: 'luc-yen-co-tren-400-mo-hinh-dan-van-kheo',
        title: REFERENCE_TITLE,
        status: 'DRAFT',
        version: 1,
        tags: [
          { name: 'Lục Yên', slug: 'luc-yen' },
          { name: 'dân vận khéo', slug: 'dan-van-kheo' },
        ],
        category: { slug: 'thoi-su' },
      });
      const second = await create(input);
      expect(second.data.slug).toBe('luc-yen-co-tren-400-mo-hinh-dan-van-kheo-2');
    });

    it('lists every invalid field and writes nothing', async () => {
      const before = await articleCount();
      const result = await create({ title: '   ', category: 'khong-co', author: 'ai-do', body: ['x'.repeat(10 * 1024 * 1024)] });
      expect(result.__typename).toBe('ValidationError');
      const paths = result.issues.map((issue: { path: string[] }) => issue.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['input.title', 'input.body.0']));
      expect(await articleCount()).toBe(before);
      // References are checked once the shape is valid.
      const refs = await create({ title: 'Tin hợp lệ', category: 'khong-co', author: 'ai-do' });
      expect(refs.issues.map((issue: { path: string[] }) => issue.path.join('.')).sort()).toEqual(['input.author', 'input.category']);
      expect(await articleCount()).toBe(before);
    });

    it('refuses an update based on a stale version, leaving the newer text in place', async () => {
      const { data } = await create({ title: 'Bản gốc' });
      const ok = (await api.query(UPDATE, { id: data.id, version: 1, input: { lead: 'Biên tập viên A' } }, editor)).data.updateArticle;
      expect(ok.data.version).toBe(2);
      const stale = (await api.query(UPDATE, { id: data.id, version: 1, input: { lead: 'Biên tập viên B' } }, editor)).data.updateArticle;
      expect(stale).toMatchObject({ __typename: 'VersionConflictError', currentVersion: 2 });
      // The message names the article by the id the API gave out, never by its database key.
      expect(stale.message).toBe(`Article ${data.id} is at version 2; this change was based on version 1. Reload, merge and save again.`);
      expect(stale.message).not.toMatch(/Article \d+\b/);
      const row = await db().prisma.article.findFirstOrThrow({ where: { slug: data.slug } });
      expect(stale.message).not.toContain(` ${row.id} `);
      expect(row.lead).toBe('Biên tập viên A');
      expect(row.version).toBe(2);
    });

    it('keeps the old slug of a renamed article as a working alias', async () => {
      const { data } = await create({ title: 'Tiêu đề cũ' });
      await api.query(PUBLISH, { id: data.id }, editor);
      const renamed = (await api.query(UPDATE, { id: data.id, version: 2, input: { title: 'Tiêu đề mới' } }, editor)).data.updateArticle;
      expect(renamed.data.slug).toBe('tieu-de-moi');
      const byOld = await api.query('{ article(slug: "tieu-de-cu") { slug title } }');
      expect(byOld.data.article).toEqual({ slug: 'tieu-de-moi', title: 'Tiêu đề mới' });
      // A newcomer with the old headline does not take the old URL.
      expect((await create({ title: 'Tiêu đề cũ' })).data.slug).toBe('tieu-de-cu-2');
    });
  });

  describe('tags, authors and sections', () => {
    it('creates a tag with a slug from its name, refuses a second one with the same slug, and renames without moving the URL', async () => {
      const create =
        'mutation($name: String!) { createTag(input: { name: $name }) { __typename ... on MutationCreateTagSuccess { data { id slug name } } ... on ValidationError { issues { path message } } } }';
      const tag = (await api.query(create, { name: 'Chuyển đổi số' }, editor)).data.createTag.data;
      expect(tag).toMatchObject({ slug: 'chuyen-doi-so', name: 'Chuyển đổi số' });
      const clash = (await api.query(create, { name: 'chuyển đổi SỐ' }, editor)).data.createTag;
      expect(clash).toEqual({
        __typename: 'ValidationError',
        issues: [{ path: ['input', 'slug'], message: '"chuyen-doi-so" is already used' }],
      });
      const renamed = await api.query(
        'mutation($id: ID!) { renameTag(id: $id, name: "Chuyển đổi số quốc gia") { ... on MutationRenameTagSuccess { data { slug name } } } }',
        { id: tag.id },
        editor,
      );
      expect(renamed.data.renameTag.data).toEqual({ slug: 'chuyen-doi-so', name: 'Chuyển đổi số quốc gia' });
    });

    it('names a missing tag by its global id in NotFoundError', async () => {
      const missing = Buffer.from('Tag:987654').toString('base64');
      const result = await api.query(
        'mutation($id: ID!) { renameTag(id: $id, name: "Không có") { __typename ... on NotFoundError { message } } }',
        { id: missing },
        editor,
      );
      expect(result.data.renameTag).toEqual({ __typename: 'NotFoundError', message: `No Tag with id ${missing}` });
      expect(result.data.renameTag.message).not.toContain('987654');
    });

    it('answers a mutation that selects only __typename', async () => {
      const result = await api.query('mutation { createTag(input: { name: "Chỉ tên kiểu" }) { __typename } }', {}, editor);
      expect(result).toEqual({ data: { createTag: { __typename: 'MutationCreateTagSuccess' } } });
    });

    it('creates and updates an author', async () => {
      const created = await api.query(
        'mutation { createAuthor(input: { name: "Thu Hà", bio: "Phóng viên" }) { ... on MutationCreateAuthorSuccess { data { id slug bio } } } }',
        {},
        editor,
      );
      const author = created.data.createAuthor.data;
      expect(author).toMatchObject({ slug: 'thu-ha', bio: 'Phóng viên' });
      const updated = await api.query(
        'mutation($id: ID!) { updateAuthor(id: $id, input: { bio: null }) { ... on MutationUpdateAuthorSuccess { data { slug name bio } } } }',
        { id: author.id },
        editor,
      );
      expect(updated.data.updateAuthor.data).toEqual({ slug: 'thu-ha', name: 'Thu Hà', bio: null });
    });

    it('keeps the section tree a tree', async () => {
      const make = (name: string, parent: string | null) =>
        api.query(
          'mutation($name: String!, $parent: String) { createCategory(input: { name: $name, parent: $parent }) { __typename ... on MutationCreateCategorySuccess { data { id slug parent { slug } } } ... on ValidationError { issues { path } } } }',
          { name, parent },
          admin,
        );
      const parent = (await make('Xã hội', null)).data.createCategory.data;
      const child = (await make('Giáo dục', 'xa-hoi')).data.createCategory.data;
      expect(child.parent).toEqual({ slug: 'xa-hoi' });
      expect((await make('Mồ côi', 'khong-co')).data.createCategory).toEqual({
        __typename: 'ValidationError',
        issues: [{ path: ['input', 'parent'] }],
      });
      const cycle = await api.query(
        'mutation($id: ID!) { updateCategory(id: $id, input: { parent: "giao-duc" }) { __typename } }',
        { id: parent.id },
        admin,
      );
      expect(cycle.data.updateCategory.__typename).toBe('ValidationError');
      expect((await db().prisma.category.findUniqueOrThrow({ where: { slug: 'xa-hoi' } })).parentId).toBeNull();
    });
  });

  describe('drafts stay with editors', () => {
    it('a draft is invisible to readers on every path, and visible in an editor preview', async () => {
      const { data } = await create({ title: 'Bản nháp bí mật', tags: ['Lục Yên'], category: 'thoi-su', author: 'duc-toan' });
      const reader = await api.query(
        `query($slug: String!, $id: ID!) {
          article(slug: $slug) { id } node(id: $id) { id }
          articles(first: 100) { totalCount edges { node { slug } } }
          tag(slug: "luc-yen") { articles(first: 100) { totalCount edges { node { slug } } } }
          category(slug: "thoi-su") { articles(first: 100) { totalCount edges { node { slug } } } }
          author(slug: "duc-toan") { articles(first: 100) { totalCount edges { node { slug } } } }
        }`,
        { slug: data.slug, id: data.id },
      );
      expect(reader.errors).toBeUndefined();
      expect(JSON.stringify(reader.data)).not.toContain(data.slug);
      expect(reader.data.articles.totalCount).toBe(reader.data.articles.edges.length);
      // The tag made for the draft, and the section and author only it uses, are as unknown to
      // readers as the draft itself (issue 13: they used to answer with empty lists).
      expect([reader.data.tag, reader.data.category, reader.data.author]).toEqual([null, null, null]);
      const preview = await api.query(
        'query($slug: String!) { article(slug: $slug, preview: true) { status title } }',
        { slug: data.slug },
        editor,
      );
      expect(preview.data.article).toEqual({ status: 'DRAFT', title: 'Bản nháp bí mật' });
      const anonymousPreview = await api.query('query($slug: String!) { article(slug: $slug, preview: true) { title } }', {
        slug: data.slug,
      });
      expect(anonymousPreview.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('a scheduled article appears only when its time comes', async () => {
      const { data } = await create({ title: 'Tin hẹn giờ' });
      const published = (await api.query(PUBLISH, { id: data.id, at: '2099-01-01T08:00:00+07:00' }, editor)).data.publishArticle;
      expect(published.data).toMatchObject({ status: 'PUBLISHED', publishedAt: '2099-01-01T08:00:00+07:00' });
      expect((await api.query(`{ article(slug: "${data.slug}") { id } }`)).data.article).toBeNull();
      expect((await api.query(`{ article(slug: "${data.slug}", preview: true) { id } }`, {}, editor)).data.article).not.toBeNull();
    });
  });

  describe('publish events', () => {
    it('announce publishing, changes while public, and unpublishing, but not draft edits', async () => {
      const { data } = await create({ title: 'Tin sự kiện', category: 'thoi-su' });
      const seen = () =>
        events.filter(
          (event) => event.slug === data.slug || event.articleId === Number(Buffer.from(data.id, 'base64').toString().split(':')[1]),
        );
      await api.query(UPDATE, { id: data.id, version: 1, input: { lead: 'Sửa bản nháp' } }, editor);
      await api.query(PUBLISH, { id: data.id }, editor);
      await api.query(UPDATE, { id: data.id, version: 3, input: { lead: 'Sửa khi đã đăng' } }, editor);
      await api.query(UNPUBLISH, { id: data.id }, editor);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen().map((event) => event.type)).toEqual(['PUBLISHED', 'UPDATED', 'UNPUBLISHED']);
      const category = await db().prisma.category.findUniqueOrThrow({ where: { slug: 'thoi-su' } });
      expect(seen()[0]).toMatchObject({ slug: 'tin-su-kien', categoryId: category.id });
      expect(await api.query(`{ article(slug: "tin-su-kien") { id } }`)).toEqual({ data: { article: null } });
    });
  });
});
