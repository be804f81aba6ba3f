import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/migrations.js';
import { defaultGraphiqlQuery } from '../../src/server/graphiql.js';
import { reference } from '../support/corpus.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { postQuery, startServer, type ServerProcess } from '../support/server-process.js';

const run = promisify(execFile);

describe('npm start on a fresh embedded database', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'gateway-e2e-')), 'pglite');
    server = await startServer({ DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('serves GraphiQL at /graphql, opening on the article-page example', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('luc-yen-co-tren-400-mo-hinh-dan-van-kheo');
  });

  it("answers GraphiQL's example query with the seeded reference article", async () => {
    const { status, body } = await postQuery(server.url, defaultGraphiqlQuery());
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.article.title).toBe(reference.title);
    expect(body.data.article.author.name).toBe('Đức Toàn');
    expect(body.data.article.tags.map((t: any) => t.name)).toEqual(['Lục Yên', 'dân vận khéo', 'mô hình']);
    expect(body.data.article.images[0].caption).toBe(reference.caption);
  });

  it('seeded enough demo content to page through', async () => {
    const { body } = await postQuery(server.url, '{ articles(first: 1) { totalCount } categories { name } }');
    expect(body.data.articles.totalCount).toBeGreaterThan(100);
    expect(body.data.categories.length).toBeGreaterThan(5);
  });

  it('stops on SIGTERM, and a restart on the same folder keeps the data without seeding again', async () => {
    const before = await postQuery(server.url, '{ articles { totalCount } }');
    expect(await server.stop()).toBe(0);
    server = await startServer({ DATA_DIR: dataDir });
    expect(server.output()).not.toMatch(/seeding/i);
    const after = await postQuery(server.url, '{ articles { totalCount } }');
    expect(after.body.data.articles.totalCount).toBe(before.body.data.articles.totalCount);
  });

  it('rejects a malformed request with a coded error and no stack trace', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ articles(first: 2) { edges { node { title } }"}',
    });
    const body = await response.json();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(body)).not.toMatch(/\.ts:\d+|at \w+ \(/);
  });
});

describe('with DATABASE_URL (a PostgreSQL server)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('postgres', { migrate: false });
  });
  afterAll(() => db?.drop());

  it('npm run migrate applies the migrations and exits; a second run applies none', async () => {
    const env = { ...process.env, DATABASE_URL: db.url! };
    const first = await run('npm', ['run', '--silent', 'migrate'], { env });
    const migrationCount = readMigrations().migrationDirectories.length;
    expect(first.stdout).toMatch(new RegExp(`applied ${migrationCount} migration\\(s\\): \\d+_init`));
    const second = await run('npm', ['run', '--silent', 'migrate'], { env });
    expect(second.stdout).toMatch(/applied 0 migration\(s\)/);
  });

  it('npm start serves the server database and never seeds demo content into it', async () => {
    const server = await startServer({ DATABASE_URL: db.url! });
    try {
      const { body } = await postQuery(server.url, '{ articles { totalCount } }');
      expect(body.data.articles.totalCount).toBe(0);
      expect(server.output()).toMatch(/PostgreSQL at 127\.0\.0\.1:5432/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
