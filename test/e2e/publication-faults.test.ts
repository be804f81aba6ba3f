/**
 * Publication events under faults, with real processes: a redis-server of the test's own
 * (stopped, frozen with SIGSTOP, restarted) under a few concurrent readers; a gateway killed
 * with SIGKILL between a commit and its dispatch; a scheduled publication.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyPurgeSignature } from '../../src/cache/purge-webhook.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createEditorToken } from '../support/editors.js';
import { postQuery, startServer, type ServerProcess } from '../support/server-process.js';
import { bound, eventually, freePort } from '../support/timeouts.js';

const SECRET = 'chia-se-bi-mat';
const ARTICLE = 'query($slug: String!) { article(slug: $slug) { title } }';
const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on MutationCreateArticleSuccess { data { id slug } } } }`;
const PUBLISH = `mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, publishAt: $at) { __typename } }`;
const UPDATE = `mutation($id: ID!, $version: Int!, $title: String!) { updateArticle(id: $id, version: $version, input: { title: $title }) {
  __typename ... on MutationUpdateArticleSuccess { data { slug } } } }`;

/** A redis-server on a port of its own, with nothing saved to disk. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await eventually(async () => {
    const { Redis } = await import('ioredis');
    const probe = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      expect(await probe.ping()).toBe('PONG');
    } finally {
      probe.disconnect();
    }
  });
  return child;
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A purge receiver on loopback that can refuse (503) while `down`. */
async function purgeReceiver() {
  const calls: { id: number; type: string; tags: string[]; signed: boolean }[] = [];
  const state = { down: false };
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (state.down) return void response.writeHead(503).end();
      const signed = verifyPurgeSignature(
        SECRET,
        String(request.headers[TIMESTAMP_HEADER]),
        body,
        request.headers[SIGNATURE_HEADER] as string | undefined,
      );
      calls.push({ ...JSON.parse(body), signed });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`,
    calls,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function getArticle(server: ServerProcess, slug: string) {
  const params = new URLSearchParams({ query: ARTICLE, variables: JSON.stringify({ slug }) });
  const response = await fetch(`${server.url}?${params}`, { headers: { accept: 'application/graphql-response+json' } });
  const body = (await response.json()) as { data?: { article: { title: string } | null }; errors?: unknown[] };
  return { status: response.status, body, cacheStatus: response.headers.get('cache-status') ?? '' };
}

async function getHome(server: ServerProcess) {
  const params = new URLSearchParams({ query: '{ articles(first: 5) { edges { node { title } } } }' });
  const response = await fetch(`${server.url}?${params}`, { headers: { accept: 'application/graphql-response+json' } });
  const body = (await response.json()) as { data: { articles: { edges: { node: { title: string } }[] } } };
  return { titles: body.data.articles.edges.map((edge) => edge.node.title), cacheStatus: response.headers.get('cache-status') ?? '' };
}

async function createAndPublish(server: ServerProcess, token: string, title: string, at?: Date) {
  const auth = { authorization: `Bearer ${token}` };
  const created = await postQuery(server.url, CREATE, { input: { title, tags: ['Sự cố'] } }, auth);
  const { id, slug } = created.body.data.createArticle.data as { id: string; slug: string };
  const published = await postQuery(server.url, PUBLISH, { id, at: at?.toISOString() ?? null }, auth);
  expect(published.body.data?.publishArticle?.__typename, JSON.stringify(published.body)).toBe('MutationPublishArticleSuccess');
  return { id, slug };
}

async function retitle(server: ServerProcess, db: TestDatabase, token: string, id: string, title: string) {
  const { version } = await db.prisma.article.findUniqueOrThrow({ where: { id: idNumber(id) }, select: { version: true } });
  const updated = await postQuery(server.url, UPDATE, { id, version, title }, { authorization: `Bearer ${token}` });
  expect(updated.body.data?.updateArticle?.__typename, JSON.stringify(updated.body)).toBe('MutationUpdateArticleSuccess');
  return updated.body.data.updateArticle.data.slug as string;
}

const idNumber = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

/** Readers in a loop until stopped; every answer that is not a 200 with data counts as failed. */
function readers(server: ServerProcess, slug: () => string, count = 3) {
  let running = true;
  const failures: string[] = [];
  let reads = 0;
  const loops = Array.from({ length: count }, async () => {
    while (running) {
      try {
        const { status, body } = await getArticle(server, slug());
        reads += 1;
        if (status !== 200 || body.errors) failures.push(`${status} ${JSON.stringify(body)}`);
      } catch (error) {
        failures.push(String(error));
      }
    }
  });
  return {
    failures,
    reads: () => reads,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe('publication events when Redis fails', () => {
  let db: TestDatabase;
  let redisPort: number;
  let redis: ChildProcess;
  let server: ServerProcess;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    token = await createEditorToken(db.prisma);
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    server = await startServer({
      DATABASE_URL: db.url!,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      SEED_DEMO: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
    });
  });
  afterAll(async () => {
    await server?.stop();
    if (redis) await stopProcess(redis);
    await db?.drop();
  });

  it('keeps serving through a frozen, stopped and restarted Redis, and purges what changed meanwhile once it is back', async () => {
    const article = await createAndPublish(server, token, 'Tin trước sự cố');
    let slug = article.slug;
    // Cached in Redis.
    await eventually(async () => expect((await getArticle(server, slug)).cacheStatus).toMatch(/hit/));
    const load = readers(server, () => slug);

    // Frozen (SIGSTOP): Redis keeps its data, so its cached page would be stale afterwards.
    redis.kill('SIGSTOP');
    slug = await retitle(server, db, token, article.id, 'Tin sửa khi Redis đứng');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const pending = await db.prisma.publicationEvent.findFirstOrThrow({
      where: { articleId: idNumber(article.id) },
      orderBy: { id: 'desc' },
    });
    expect(pending.dispatchedAt).toBeNull();
    redis.kill('SIGCONT');
    await eventually(async () => {
      const row = await db.prisma.publicationEvent.findUniqueOrThrow({ where: { id: pending.id } });
      expect(row.dispatchedAt).not.toBeNull();
    });
    // Nothing stale from here on, and the new page is cached again.
    await eventually(async () => {
      const read = await getArticle(server, slug);
      expect(read.body.data?.article?.title).toBe('Tin sửa khi Redis đứng');
      expect(read.cacheStatus).toMatch(/hit/);
    });

    // Stopped, then restarted (empty): the event written meanwhile waits in the outbox.
    await stopProcess(redis);
    slug = await retitle(server, db, token, article.id, 'Tin sửa khi Redis tắt');
    const waiting = await db.prisma.publicationEvent.findFirstOrThrow({
      where: { articleId: idNumber(article.id) },
      orderBy: { id: 'desc' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await db.prisma.publicationEvent.findUniqueOrThrow({ where: { id: waiting.id } })).dispatchedAt).toBeNull();
    redis = await startRedis(redisPort);
    await eventually(async () => {
      expect((await db.prisma.publicationEvent.findUniqueOrThrow({ where: { id: waiting.id } })).dispatchedAt).not.toBeNull();
      const read = await getArticle(server, slug);
      expect(read.body.data?.article?.title).toBe('Tin sửa khi Redis tắt');
      expect(read.cacheStatus).toMatch(/hit/);
    });

    await load.stop();
    expect(load.reads()).toBeGreaterThan(10);
    expect(load.failures).toEqual([]);
    // The process is still the same one, up.
    expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
    expect(server.output()).not.toMatch(/Unhandled|MaxRetriesPerRequestError/);
  });
});

describe('publication events when a gateway is killed between commit and dispatch', () => {
  let db: TestDatabase;
  let redisPort: number;
  let redis: ChildProcess;
  let receiver: Awaited<ReturnType<typeof purgeReceiver>>;
  let second: ServerProcess | undefined;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    token = await createEditorToken(db.prisma);
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    receiver = await purgeReceiver();
  });
  afterAll(async () => {
    await second?.stop();
    await stopProcess(redis);
    await receiver?.close();
    await db?.drop();
  });

  it('leaves the event to the next gateway, which delivers it (signed) and purges the cached page', async () => {
    const env = {
      DATABASE_URL: db.url!,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      PURGE_WEBHOOK_URL: receiver.url,
      PURGE_WEBHOOK_SECRET: SECRET,
      SEED_DEMO: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
    };
    // The first gateway holds every event back (as if it died right after committing).
    const first = await startServer({ ...env, EVENT_DISPATCH_DELAY_MS: '600000' });
    const article = await createAndPublish(first, token, 'Tin trước khi máy chết');
    await eventually(async () => expect((await getArticle(first, article.slug)).cacheStatus).toMatch(/hit/));
    const slug = await retitle(first, db, token, article.id, 'Tin sửa rồi máy chết');
    process.kill(first.pid, 'SIGKILL');
    await first.stop();
    const owed = await db.prisma.publicationEvent.findMany({ where: { dispatchedAt: null } });
    expect(owed.length).toBeGreaterThan(0);
    expect(receiver.calls).toEqual([]);

    second = await startServer(env);
    const articleTag = `Article:${article.id}`;
    await eventually(() => expect(receiver.calls.filter((call) => call.tags.includes(articleTag)).length).toBeGreaterThanOrEqual(2));
    expect(receiver.calls.every((call) => call.signed)).toBe(true);
    expect(await db.prisma.publicationEvent.count({ where: { dispatchedAt: null } })).toBe(0);
    // The old slug redirects nowhere stale: the page under the new title, cached afresh.
    await eventually(async () => {
      const read = await getArticle(second!, slug);
      expect(read.body.data?.article?.title).toBe('Tin sửa rồi máy chết');
      expect(read.cacheStatus).toMatch(/hit/);
    });
    expect((await getArticle(second, article.slug)).body.data?.article?.title).toBe('Tin sửa rồi máy chết');
  });
});

describe('scheduled publication', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    token = await createEditorToken(db.prisma);
    server = await startServer({ DATABASE_URL: db.url!, SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('announces the article at its time (within 2 s) and shows it in cached pages; a rescheduled one fires nothing at its old time', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { articlePublished { type slug } }' }),
    });
    const received: { slug: string; type: string; at: number }[] = [];
    const reader = response.body!.getReader();
    void (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += new TextDecoder().decode(value);
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.+)$/m.exec(chunk)?.[1];
          const event = data ? (JSON.parse(data) as { data?: { articlePublished?: { slug: string; type: string } } }) : null;
          if (event?.data?.articlePublished) received.push({ ...event.data.articlePublished, at: Date.now() });
        }
      }
    })();

    const at = new Date(Date.now() + bound(8000));
    const scheduled = await createAndPublish(server, token, 'Tin hẹn giờ', at);
    const moved = await createAndPublish(server, token, 'Tin dời giờ', new Date(at.getTime() - 1000));
    const rescheduled = await postQuery(
      server.url,
      PUBLISH,
      { id: moved.id, at: new Date(Date.now() + 3_600_000).toISOString() },
      { authorization: `Bearer ${token}` },
    );
    expect(rescheduled.body.data?.publishArticle?.__typename, JSON.stringify(rescheduled.body)).toBe('MutationPublishArticleSuccess');
    // The home page, cached before its time: not there yet.
    await eventually(
      async () => {
        const home = await getHome(server);
        expect(home.titles).not.toContain('Tin hẹn giờ');
        expect(home.cacheStatus).toMatch(/hit/);
      },
      at.getTime() - Date.now() - 500,
    );

    const published = await eventually(() => {
      const event = received.find((one) => one.slug === scheduled.slug);
      expect(event).toBeDefined();
      return event!;
    });
    expect(published.type).toBe('PUBLISHED');
    expect(published.at - at.getTime()).toBeLessThanOrEqual(bound(2000));
    const home = await getHome(server);
    expect(home.titles).toContain('Tin hẹn giờ');
    expect(Date.now() - at.getTime()).toBeLessThanOrEqual(bound(4000));
    // The rescheduled article's old time has passed, silently.
    expect(received.filter((one) => one.slug === moved.slug)).toEqual([]);
    expect((await getArticle(server, moved.slug)).body.data?.article).toBeNull();
    await reader.cancel();
  });
});
