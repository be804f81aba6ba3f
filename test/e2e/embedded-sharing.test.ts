/**
 * The embedded database with several processes, as the README walks a newsroom through it:
 * `npm start` on a PGlite folder, then `npm run create-editor` and `npm run import` in another
 * terminal, then requests with the new token. The tools go through the running gateway (a
 * local socket), never open the folder a second time; a second gateway or a tool that cannot
 * share refuses at once, saying why. Afterwards every index of the folder checks out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { amcheck } from '@electric-sql/pglite/contrib/amcheck';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentHolder, lockDataDir } from '../../src/db/data-dir-lock.js';
import { runTool } from '../support/commands.js';
import { postQuery, startServer } from '../support/server-process.js';
import { eventually } from '../support/timeouts.js';

const CREATE_ARTICLE = `mutation { createArticle(input: { title: "Tin mới", tags: ["Lục Yên"] }) {
  __typename ... on MutationCreateArticleSuccess { data { id slug version } } } }`;

async function createEditor(dataDir: string, email: string, name: string) {
  const run = await runTool('create-editor', ['--email', email, '--name', name], { DATA_DIR: dataDir });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const token = run.stdout.trim().split('\n').at(-1)!;
  expect(token).toMatch(/^ngw_/);
  return token;
}

const root = mkdtempSync(path.join(tmpdir(), 'gateway-sharing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A gateway on `dataDir` (no demo content: these tests are about the folder, not the content). */
async function startGateway(dataDir: string) {
  const server = await startServer({ DATA_DIR: dataDir, SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '0' });
  return { ...server, dataDir };
}

describe('the embedded database shared by the gateway and the command-line tools', () => {
  let server: Awaited<ReturnType<typeof startGateway>>;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    server = await startGateway(path.join(root, 'shared'));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('npm run create-editor while the gateway runs: the token works at once (the README walk-through)', async () => {
    const token = await createEditor(server.dataDir, 'toan@baoyenbai.vn', 'Đức Toàn');
    tokens.set('Đức Toàn', token);
    const created = await postQuery(server.url, CREATE_ARTICLE, {}, { authorization: `Bearer ${token}` });
    expect(created.body.data.createArticle).toMatchObject({ __typename: 'MutationCreateArticleSuccess', data: { slug: 'tin-moi' } });
  });

  it('tools one after another while readers read: each token is its own editor, an import is visible at once', async () => {
    let reading = true;
    const failures: string[] = [];
    let reads = 0;
    const readers = (async () => {
      while (reading) {
        // A reader every 50 ms or so: enough to interleave with the tools, not a CPU hog.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const { status, body } = await postQuery(
          server.url,
          '{ articles(first: 5) { totalCount edges { node { title tags { name } } } } }',
        );
        reads++;
        if (status !== 200 || body.errors) failures.push(`${status} ${JSON.stringify(body.errors)}`);
      }
    })();
    try {
      tokens.set('Thu Hà', await createEditor(server.dataDir, 'ha@baoyenbai.vn', 'Thu Hà'));
      const file = path.join(root, 'articles.ndjson');
      const line = (title: string) =>
        JSON.stringify({ title, publishedAt: '2024-05-01T08:00:00+07:00', body: ['Một đoạn.'], tags: ['Yên Bái'] });
      writeFileSync(file, [line('Tin nhập thứ nhất'), line('Tin nhập thứ hai')].join('\n'));
      const imported = await runTool('import', [file], { DATA_DIR: server.dataDir });
      expect(imported.stderr).toBe('');
      expect(imported.stdout).toMatch(/Imported 2 articles into the embedded PGlite in .*, through the running gateway \(pid \d+\)/);
    } finally {
      reading = false;
      await readers;
    }
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    const found = await postQuery(server.url, '{ article(slug: "tin-nhap-thu-hai") { title tags { name } } }');
    expect(found.body.data.article).toEqual({ title: 'Tin nhập thứ hai', tags: [{ name: 'Yên Bái' }] });
    for (const [name, token] of tokens) {
      const me = await postQuery(server.url, '{ me { name } }', {}, { authorization: `Bearer ${token}` });
      expect(me.body.data.me).toEqual({ name });
    }
  });

  it('a second npm start on the same folder refuses at once, naming the running gateway', async () => {
    const refused = await startServer({ DATA_DIR: server.dataDir }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/server exited with 1 before listening/);
    expect(refused).toContain(`Another gateway (pid ${server.pid}`);
    expect(refused).toContain(`is serving the embedded database in ${server.dataDir}: stop it first, or give this one another DATA_DIR.`);
    expect(refused).not.toMatch(/\n\s+at /);
  });

  it('after SIGTERM the lock is gone and every index of the folder checks out (amcheck), with every editor kept', async () => {
    expect(await server.stop()).toBe(0);
    expect(currentHolder(server.dataDir)).toBeNull();
    const pglite = await PGlite.create({ dataDir: server.dataDir, extensions: { amcheck, unaccent } });
    try {
      await pglite.exec('CREATE EXTENSION IF NOT EXISTS amcheck');
      const indexes = await pglite.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.amname = 'btree' AND n.nspname = 'public'`,
      );
      expect(indexes.rows.length).toBeGreaterThan(10);
      for (const { name } of indexes.rows) await pglite.query(`SELECT bt_index_check('"${name}"'::regclass, true)`);
      const editors = await pglite.query<{ name: string }>('SELECT name FROM "Editor" ORDER BY name');
      expect(editors.rows.map((row) => row.name)).toEqual([...tokens.keys()].sort());
    } finally {
      await pglite.close();
    }
  });
});

describe('a folder that no gateway serves', () => {
  let server: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    server = await startGateway(path.join(root, 'crashed'));
  });
  afterAll(async () => {
    await server?.stop().catch(() => null);
  });

  it('a tool takes over the lock of a gateway killed with SIGKILL, and works on the folder itself', async () => {
    process.kill(server.pid, 'SIGKILL');
    await eventually(() => expect(() => process.kill(server.pid, 0)).toThrow());
    expect(currentHolder(server.dataDir)).toBeNull();
    await createEditor(server.dataDir, 'sau-su-co@baoyenbai.vn', 'Sau sự cố');
    expect(currentHolder(server.dataDir)).toBeNull();
  });

  it('while a tool works on the folder, another tool and a gateway refuse at once, saying what to do', async () => {
    const lock = lockDataDir(server.dataDir, { kind: 'tool', command: 'npm run import' }, () => 'held');
    try {
      const tool = await runTool('create-editor', ['--email', 'cho@baoyenbai.vn', '--name', 'Chờ'], { DATA_DIR: server.dataDir });
      expect(tool.status).toBe(1);
      expect(tool.stderr.trim()).toBe(
        `Failed: npm run import (pid ${process.pid}) is using the embedded database in ${server.dataDir}: run this again when it has finished.`,
      );
      const gateway = await startServer({ DATA_DIR: server.dataDir }).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(gateway).toContain(
        `npm run import (pid ${process.pid}) is using the embedded database in ${server.dataDir}: start the gateway when it has finished.`,
      );
    } finally {
      lock.release();
    }
  });
});
