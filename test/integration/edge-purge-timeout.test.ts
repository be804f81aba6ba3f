/**
 * An edge that accepts the purge's connection and never answers (a wedged Varnish, a
 * black-holing firewall): the attempt is abandoned after EDGE_PURGE_TIMEOUT_MS, the event
 * records why (`lastError`, as the log line says), the retry follows the webhook's backoff
 * (10 s, then 20 s, …), and readers are served all along.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaxonomy, eventually, publishArticle } from '../support/caching.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { fakeEdge } from '../support/edge.js';
import { createEditorToken } from '../support/editors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { bound } from '../support/timeouts.js';

const TIMEOUT_MS = 2000;
const ARTICLE = 'query($slug: String!) { article(slug: $slug) { title } }';

describe('an edge that never answers a purge', () => {
  let db: TestDatabase;
  let edge: Awaited<ReturnType<typeof fakeEdge>>;
  let api: TestGateway;
  let token: string;

  /** The events whose edge purge has been attempted. */
  const attempted = () => db.prisma.publicationEvent.findMany({ where: { webhookAttempts: { gt: 0 } }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    edge = await fakeEdge();
    edge.state.hang = true;
    api = createTestGateway(db, { EDGE_PURGE_URLS: edge.url, EDGE_PURGE_TIMEOUT_MS: String(TIMEOUT_MS) });
    token = await createEditorToken(db.prisma);
    await createTaxonomy(db.prisma);
  });

  afterAll(async () => {
    await api?.publications.stop();
    await api?.dispose();
    await edge?.close();
    await db?.drop();
  });

  it('abandons the attempt after EDGE_PURGE_TIMEOUT_MS, records why, retries with the backoff and serves meanwhile', async () => {
    const article = await publishArticle(api, token, { title: 'Mưa lớn ở Yên Bái', category: 'thoi-su', author: 'duc-toan' });
    // The publish's purge reached the edge, which holds it unanswered.
    await eventually(() => expect(edge.purges.length).toBeGreaterThan(0));
    const purgesSoFar = edge.purges.length;

    // Readers are served while it hangs (answered before the purge was abandoned).
    const answer = await api.query(ARTICLE, { slug: article.slug });
    expect(answer).toEqual({ data: { article: { title: 'Mưa lớn ở Yên Bái' } } });
    expect(edge.abandoned).toEqual([]);

    // Abandoned at the timeout, not much after (measured from the request's arrival, a little
    // after the sender's clock started: the lower bound only says it was not given up at once).
    await eventually(() => expect(edge.abandoned.length).toBe(purgesSoFar), bound(TIMEOUT_MS + 30_000));
    for (const waited of edge.abandoned) {
      expect(waited).toBeGreaterThanOrEqual(TIMEOUT_MS / 2);
      expect(waited).toBeLessThan(TIMEOUT_MS + bound(3000));
    }
    const [failed] = await eventually(async () => {
      const events = await attempted();
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((event) => event.lastError !== null)).toBe(true);
      return events;
    });
    expect(failed!.lastError).toMatch(
      new RegExp(`^edge purge failed: 127\\.0\\.0\\.1:\\d+: no answer within ${TIMEOUT_MS} ms \\(EDGE_PURGE_TIMEOUT_MS\\)$`),
    );
    expect(failed).toMatchObject({ webhookAttempts: 1, webhookDeliveredAt: null });
    // The retry is due after the first backoff (10 s from the claim), not at once.
    const retryIn = failed!.webhookNextAttemptAt!.getTime() - Date.now();
    expect(retryIn).toBeGreaterThan(10_000 - TIMEOUT_MS - bound(5000));
    expect(retryIn).toBeLessThanOrEqual(10_000);
    await api.publications.runOnce();
    expect(edge.purges.length).toBe(purgesSoFar);

    // Still serving, and the gateway is ready.
    expect((await api.fetch('/readyz')).status).toBe(200);
    expect(await api.query(ARTICLE, { slug: article.slug })).toEqual(answer);

    // The backoff has passed (moved, not waited for) and the edge answers again: the retry delivers.
    edge.state.hang = false;
    await db.prisma.publicationEvent.updateMany({ where: { id: failed!.id }, data: { webhookNextAttemptAt: new Date() } });
    await api.publications.runOnce();
    expect(edge.purges.length).toBeGreaterThan(purgesSoFar);
    const retried = await db.prisma.publicationEvent.findUniqueOrThrow({ where: { id: failed!.id } });
    expect(retried).toMatchObject({ webhookAttempts: 2, lastError: null });
    expect(retried.webhookDeliveredAt).not.toBeNull();
  });
});
