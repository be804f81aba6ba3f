/**
 * Issue 12 item 6: publishing, updating or unpublishing an article purges the cached related
 * lists that can contain it (those of articles sharing a tag with it), and only those: a
 * related list of an article with other tags stays cached.
 */
import { beforeAll, expect, it } from 'vitest';
import { createArticleEventBus } from '../../src/events/article-events.js';
import { describeEachBackend } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { createTaxonomy, eventually, publishArticle, unpublishArticle, updateArticle, type PublishedArticle } from '../support/caching.js';

// first: 1 keeps each list to its best tag neighbour, so no list falls back to the latest articles
// (a fallback list is purged by every publication, which would prove nothing here).
const RELATED = `query Related($slug: String!) { article(slug: $slug) { relatedArticles(first: 1) { title } } }`;

async function related(api: TestGateway, slug: string) {
  const response = await api.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: RELATED, variables: { slug } }),
  });
  const body = await response.json();
  return {
    status: response.headers.get('cache-status'),
    titles: (body.data.article.relatedArticles as { title: string }[]).map((a) => a.title),
  };
}

describeEachBackend('related lists stay fresh', ({ db }) => {
  let api: TestGateway;
  let editor: string;
  let source: PublishedArticle;
  let bystander: PublishedArticle;

  beforeAll(async () => {
    await createTaxonomy(db().prisma);
    editor = await createEditorToken(db().prisma);
    // A TTL far beyond the test's waits, so only a purge can refresh a cached list.
    api = createTestGateway(db(), { RESPONSE_CACHE_TTL_SECONDS: '3600' }, createArticleEventBus());
    await publishArticle(api, editor, { title: 'Mù Cang Chải vào mùa lúa chín', category: 'trong-tinh', tags: ['Mùa vàng'] });
    source = await publishArticle(api, editor, {
      title: 'Du khách đổ về ruộng bậc thang',
      category: 'trong-tinh',
      tags: ['Mùa vàng', 'Ruộng bậc thang'],
    });
    await publishArticle(api, editor, { title: 'Giá cà phê tăng mạnh', category: 'kinh-te', tags: ['Thị trường nông sản'] });
    bystander = await publishArticle(api, editor, {
      title: 'Nông dân bán chè được giá',
      category: 'kinh-te',
      tags: ['Thị trường nông sản'],
    });
  });

  it('purges the lists of articles sharing a tag with a published, updated or withdrawn article, and no others', async () => {
    // Both lists cached.
    expect((await related(api, source.slug)).titles).toEqual(['Mù Cang Chải vào mùa lúa chín']);
    expect((await related(api, source.slug)).status).toBe('news-gateway; hit');
    expect((await related(api, bystander.slug)).titles).toEqual(['Giá cà phê tăng mạnh']);
    expect((await related(api, bystander.slug)).status).toBe('news-gateway; hit');

    // An article sharing both of the source's tags now leads its list: the cached copy must go.
    const newcomer = await publishArticle(api, editor, {
      title: 'Lễ hội mùa vàng khai mạc',
      category: 'trong-tinh',
      tags: ['Mùa vàng', 'Ruộng bậc thang'],
    });
    await eventually(async () => expect((await related(api, source.slug)).titles).toEqual(['Lễ hội mùa vàng khai mạc']));
    // The bystander shares no tag with it: still served from the cache.
    expect((await related(api, bystander.slug)).status).toBe('news-gateway; hit');

    // An update of the newcomer (its title) reaches the source's cached list.
    await updateArticle(api, editor, newcomer.id, { title: 'Lễ hội mùa vàng Mù Cang Chải khai mạc' });
    await eventually(async () => expect((await related(api, source.slug)).titles).toEqual(['Lễ hội mùa vàng Mù Cang Chải khai mạc']));
    expect((await related(api, bystander.slug)).status).toBe('news-gateway; hit');

    // Withdrawn: gone from the source's list, which falls back to its former neighbour.
    await unpublishArticle(api, editor, newcomer.id);
    await eventually(async () => expect((await related(api, source.slug)).titles).toEqual(['Mù Cang Chải vào mùa lúa chín']));
    expect((await related(api, bystander.slug)).status).toBe('news-gateway; hit');
  });
});
