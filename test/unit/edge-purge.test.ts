import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combinePurgeTargets, createEdgePurger } from '../../src/cache/edge-purge.js';
import type { PurgeWebhook } from '../../src/cache/purge-webhook.js';
import { fakeEdge } from '../support/edge.js';

describe('the edge purger', () => {
  let first: Awaited<ReturnType<typeof fakeEdge>>;
  let second: Awaited<ReturnType<typeof fakeEdge>>;
  beforeAll(async () => {
    [first, second] = [await fakeEdge(), await fakeEdge()];
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  it('sends one PURGE with the tags in xkey-purge to every edge', async () => {
    await createEdgePurger([first.url, second.url]).send({ id: 7, type: 'PUBLISHED', tags: ['Article:QXJ0aWNsZTox', 'List:Article'] });
    for (const edge of [first, second]) expect(edge.purges.at(-1)).toEqual({ method: 'PURGE', keys: 'Article:QXJ0aWNsZTox List:Article' });
  });

  it('fails the attempt, naming the edge, when one refuses or does not answer in time', async () => {
    second.state.status = 403;
    await expect(createEdgePurger([first.url, second.url]).send({ id: 8, type: 'UPDATED', tags: ['List:Article'] })).rejects.toThrow(
      /edge purge failed: 127\.0\.0\.1:\d+ answered 403/,
    );
    second.state.status = 200;
    second.state.hang = true;
    const started = Date.now();
    await expect(createEdgePurger([second.url], 300).send({ id: 9, type: 'UPDATED', tags: ['List:Article'] })).rejects.toThrow(
      /edge purge failed: 127\.0\.0\.1:\d+: no answer within 300 ms \(EDGE_PURGE_TIMEOUT_MS\)/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    second.state.hang = false;
  });

  it('delivers the webhook and the edges as one attempt that fails when either fails', async () => {
    const sent: number[] = [];
    const webhook: PurgeWebhook = { send: async (request) => void sent.push(request.id) };
    const failing: PurgeWebhook = {
      send: async () => {
        throw new Error('the receiver answered 503');
      },
    };
    expect(combinePurgeTargets([null, null])).toBeNull();
    expect(combinePurgeTargets([webhook, null])).toBe(webhook);
    const both = combinePurgeTargets([webhook, createEdgePurger([first.url])])!;
    await both.send({ id: 10, type: 'PUBLISHED', tags: ['List:Article'] });
    expect(sent).toEqual([10]);
    expect(first.purges.at(-1)?.keys).toBe('List:Article');
    await expect(
      combinePurgeTargets([failing, createEdgePurger([first.url])])!.send({ id: 11, type: 'PUBLISHED', tags: ['x:y'] }),
    ).rejects.toThrow(/503/);
    // The edge was still purged: a failed target does not hold back the others.
    expect(first.purges.at(-1)?.keys).toBe('x:y');
  });
});
