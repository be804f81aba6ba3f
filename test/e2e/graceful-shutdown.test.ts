/**
 * SIGTERM under load loses nothing: ten keep-alive clients post in a loop to one gateway
 * while it shuts down; a client told `Connection: close` (or refused a new connection, which
 * sends nothing) moves on to a second gateway. No request that was sent may fail: not one
 * ECONNRESET, hang-up or non-200 answer.
 */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { bound, eventually } from '../support/timeouts.js';

const BODY = JSON.stringify({ query: '{ articles(first: 3) { totalCount edges { node { title } } } }' });

interface Answer {
  status: number;
  connectionClose: boolean;
}

function post(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) } },
      (res) => {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode!, connectionClose: res.headers.connection === 'close' }));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(BODY);
  });
}

describe('SIGTERM with ten keep-alive clients posting in a loop', () => {
  let db: TestDatabase;
  let first: ServerProcess;
  let second: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const env = { DATABASE_URL: db.url!, RESPONSE_CACHE: 'off', RATE_LIMIT_PER_MINUTE: '0', SHUTDOWN_TIMEOUT_MS: '30000' };
    [first, second] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await db?.drop();
  });

  it('answers every request that was sent, tells each connection to close, and exits 0', async () => {
    const clients = 10;
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let closesAnnounced = 0;
    let refusedBeforeSending = 0;
    const answeredByFirst = new Array<number>(clients).fill(0);
    const answeredBySecond = new Array<number>(clients).fill(0);
    let stopping = false;

    const loops = Array.from({ length: clients }, async (_, client) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let target = first.url;
      // Until the first gateway is gone and this client has been served by the second a few times.
      while (!(stopping && answeredBySecond[client]! >= 3)) {
        try {
          const answer = await post(agent, target);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (target === first.url) answeredByFirst[client]! += 1;
          else answeredBySecond[client]! += 1;
          if (answer.connectionClose && target === first.url) closesAnnounced += 1;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
          // A refused connection carried no request: the client goes to the other gateway.
          if (code === 'ECONNREFUSED' && target === first.url) {
            refusedBeforeSending += 1;
            target = second.url;
          } else {
            failures.push(code);
            if (failures.length > 50) break;
          }
        }
      }
      agent.destroy();
    });

    // Every client is in its loop on a kept-alive connection before the signal.
    await eventually(() => expect(Math.min(...answeredByFirst)).toBeGreaterThanOrEqual(5));
    const signalled = Date.now();
    const exitCode = await first.stop();
    const shutdownMs = Date.now() - signalled;
    stopping = true;
    await Promise.all(loops);

    expect(failures).toEqual([]);
    expect([...statuses.keys()]).toEqual([200]);
    expect(exitCode).toBe(0);
    // Each of the ten connections was busy when the signal came and was told to close by a response.
    expect(closesAnnounced).toBe(clients);
    expect(refusedBeforeSending).toBe(clients);
    expect(shutdownMs).toBeLessThan(30_000 + bound(10_000));
    expect(first.output()).toMatch(/"msg":"stopped"/);
  });
});
