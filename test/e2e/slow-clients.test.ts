/**
 * Slow clients cannot hold a connection: a body that stops coming is cut at REQUEST_TIMEOUT_MS,
 * headers that trickle in at HEADERS_TIMEOUT_MS, an idle keep-alive connection at
 * KEEP_ALIVE_TIMEOUT_MS. An answer that takes long is not a slow client: it is not cut.
 */
import { connect, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { postQuery, startServer, type ServerProcess } from '../support/server-process.js';
import { bound, eventually } from '../support/timeouts.js';

const REQUEST_TIMEOUT_MS = 3000;
const HEADERS_TIMEOUT_MS = 2000;
const KEEP_ALIVE_TIMEOUT_MS = 2000;
/** node:http looks for expired requests once a second; a loaded machine adds its own delay. */
const SLACK_MS = 1000 + bound(10_000);

interface Connection {
  socket: Socket;
  received(): string;
  /** Resolves with the milliseconds from `since` until the server closed the connection. */
  closedAfter(since: number): Promise<number>;
}

async function open(url: string): Promise<Connection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  socket.on('data', (chunk) => (received += chunk));
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  socket.on('error', () => {});
  return { socket, received: () => received, closedAfter: async (since) => (await closed) - since };
}

describe('slow clients', () => {
  let db: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    server = await startServer({
      DATABASE_URL: db.url!,
      STATEMENT_TIMEOUT_MS: '0',
      RESPONSE_CACHE: 'off',
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
    });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('a body that stops halfway is answered 408 and the connection closed at REQUEST_TIMEOUT_MS', async () => {
    const connection = await open(server.url);
    const sent = Date.now();
    connection.socket.write(
      'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":"{ __typ',
    );
    const elapsed = await connection.closedAfter(sent);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
  });

  it('headers sent a byte at a time are cut at HEADERS_TIMEOUT_MS', async () => {
    const connection = await open(server.url);
    const sent = Date.now();
    connection.socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Slow: ');
    // Slowloris: a byte every 200 ms keeps the connection busy but never finishes the headers.
    const drip = setInterval(() => connection.socket.writable && connection.socket.write('a'), 200);
    try {
      const elapsed = await connection.closedAfter(sent);
      expect(connection.received()).toMatch(/^HTTP\/1\.1 408 |^$/);
      expect(elapsed).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(elapsed).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    } finally {
      clearInterval(drip);
    }
  });

  it('an idle keep-alive connection closes at KEEP_ALIVE_TIMEOUT_MS, as announced', async () => {
    const connection = await open(server.url);
    connection.socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    await eventually(() => expect(connection.received()).toMatch(/\r\n\r\n\{"status":"ok"\}/));
    const answered = Date.now();
    expect(connection.received()).toMatch(new RegExp(`\\r\\nKeep-Alive: timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}\\r\\n`, 'i'));
    const elapsed = await connection.closedAfter(answered);
    expect(elapsed).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + SLACK_MS);
  });

  it('an answer that takes longer than REQUEST_TIMEOUT_MS is still given', async () => {
    const locker = new pg.Client({ connectionString: db.url! });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "Article" IN ACCESS EXCLUSIVE MODE');
      const answer = postQuery(server.url, '{ articles(first: 1) { totalCount } }');
      // Held until well past the request timeout: the request arrived whole, so it is not cut.
      await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS + 2000));
      await locker.query('ROLLBACK');
      const { status, body } = await answer;
      expect(status).toBe(200);
      expect(body.data.articles.totalCount).toBe(0);
    } finally {
      await locker.end();
    }
  });
});
