import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { REDIS_URL } from '../support/caching.js';
import { EVENTUALLY_MS } from '../support/timeouts.js';

/** Opens an SSE subscription and collects the `data:` payloads as they arrive. */
async function subscribe(api: TestGateway, query: string) {
  const response = await api.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const messages: any[] = [];
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').find((line) => line.startsWith('data:'));
        if (data && data.length > 5) messages.push(JSON.parse(data.slice(5)));
      }
    }
  })().catch(() => {});
  return {
    messages,
    async next(count: number, timeoutMs = EVENTUALLY_MS) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return messages.slice(0, count);
    },
    async close() {
      await reader.cancel();
      await pump;
    },
  };
}

const PUBLISH_NEW = `mutation($title: String!, $category: String) {
  createArticle(input: { title: $title, category: $category }) { ... on MutationCreateArticleSuccess { data { id } } } }`;

async function publishNew(api: TestGateway, token: string, title: string, category: string | null) {
  const created = await api.query(PUBLISH_NEW, { title, category }, token);
  const id = created.data.createArticle.data.id;
  const published = await api.query('mutation($id: ID!) { publishArticle(id: $id) { __typename } }', { id }, token);
  expect(published.data.publishArticle.__typename).toBe('MutationPublishArticleSuccess');
}

describeEachBackend('articlePublished over Server-Sent Events', ({ db }) => {
  let token: string;
  const gateways: TestGateway[] = [];
  beforeAll(async () => {
    await db().prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự' } });
    await db().prisma.category.create({ data: { slug: 'the-thao', name: 'Thể thao' } });
    token = await createEditorToken(db().prisma);
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.dispose()));
  });

  it('delivers a publication in the subscribed section, not one in another section', async () => {
    const api = createTestGateway(db());
    const stream = await subscribe(api, 'subscription { articlePublished(category: "thoi-su") { type slug article { title } } }');
    await publishNew(api, token, 'Bóng đá tỉnh', 'the-thao');
    await publishNew(api, token, 'Hội nghị tỉnh ủy', 'thoi-su');
    const [first] = await stream.next(1);
    expect(first.data.articlePublished).toEqual({ type: 'PUBLISHED', slug: 'hoi-nghi-tinh-uy', article: { title: 'Hội nghị tỉnh ủy' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stream.messages).toHaveLength(1);
    await stream.close();
  });

  it('reaches a subscriber on another gateway replica through Redis', async () => {
    const replicaA = createTestGateway(db(), { REDIS_URL });
    const replicaB = createTestGateway(db(), { REDIS_URL });
    gateways.push(replicaA, replicaB);
    const stream = await subscribe(replicaB, 'subscription { articlePublished { type slug } }');
    // Let B's Redis subscription settle before A publishes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const title = `Tin liên máy chủ ${Date.now()}`;
    await publishNew(replicaA, token, title, null);
    const messages = await stream.next(1);
    expect(messages[0]?.data.articlePublished.type).toBe('PUBLISHED');
    expect(messages[0]?.data.articlePublished.slug).toMatch(/^tin-lien-may-chu-\d+$/);
    await stream.close();
  });

  it('rejects an unknown section with a coded error', async () => {
    const api = createTestGateway(db());
    const stream = await subscribe(api, 'subscription { articlePublished(category: "khong-co") { type } }');
    const [message] = await stream.next(1);
    expect(message.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await stream.close();
  });
});
