import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importNdjsonFile } from '../../src/content/import-ndjson.js';
import { createTestDatabase, describeEachBackend, type TestDatabase } from '../support/databases.js';
import { COMMAND_MS } from '../support/timeouts.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'import-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const article = (title: string) =>
  JSON.stringify({ title, publishedAt: '2024-05-01T08:00:00+07:00', body: ['Một đoạn.'], tags: ['Yên Bái'] });

/** Five lines; the third has an empty title, and a blank line in the middle still counts. */
function fileWithBadLine3(name: string): string {
  const file = path.join(scratch, name);
  writeFileSync(
    file,
    [
      article('Tin thứ nhất'),
      article('Tin thứ hai'),
      JSON.stringify({ title: '', body: [] }),
      '',
      article('Tin thứ năm'),
      article('Tin thứ sáu'),
    ].join('\n') + '\n',
  );
  return file;
}

describeEachBackend('importNdjsonFile', ({ db }) => {
  beforeEach(async () => {
    await db().prisma.article.deleteMany();
  });

  it('under abort, reports the bad line and writes nothing', async () => {
    const bad: [number, string[]][] = [];
    const summary = await importNdjsonFile(db().prisma, fileWithBadLine3('abort.ndjson'), {
      batchSize: 2,
      onBadLine: (line, errors) => bad.push([line, errors]),
    });
    expect(summary).toMatchObject({ aborted: true, imported: 0, badLines: 1, lines: 5 });
    expect(bad).toEqual([[3, ['title: must not be empty', 'publishedAt: is required for a PUBLISHED article (or give updatedAt)']]]);
    expect(await db().prisma.article.count()).toBe(0);
  });

  it('under skip, writes the good lines', async () => {
    const summary = await importNdjsonFile(db().prisma, fileWithBadLine3('skip.ndjson'), { onError: 'skip', batchSize: 2 });
    expect(summary).toMatchObject({ aborted: false, imported: 4, badLines: 1 });
    const titles = (await db().prisma.article.findMany({ orderBy: { id: 'asc' } })).map((a) => a.title);
    expect(titles).toEqual(['Tin thứ nhất', 'Tin thứ hai', 'Tin thứ năm', 'Tin thứ sáu']);
  });

  it('under abort, a good file goes in across several batches', async () => {
    const file = path.join(scratch, 'good.ndjson');
    writeFileSync(file, Array.from({ length: 7 }, (_, i) => article(`Tin số ${i + 1}`)).join('\n'));
    const summary = await importNdjsonFile(db().prisma, file, { batchSize: 3 });
    expect(summary).toMatchObject({ aborted: false, imported: 7, badLines: 0 });
    expect(await db().prisma.article.count()).toBe(7);
  });
});

/** Line 2 names a section nobody created; line 3 an author nobody created. */
function fileWithUnknownTaxonomy(name: string): string {
  const file = path.join(scratch, name);
  const line = (title: string, extra: object) =>
    JSON.stringify({ title, publishedAt: '2024-05-01T08:00:00+07:00', body: ['Một đoạn.'], ...extra });
  writeFileSync(
    file,
    [
      line('Tin trong mục có sẵn', { category: 'Thời sự', author: 'Đức Toàn' }),
      line('Tin mục chưa có', { category: 'Thời sự mới' }),
      line('Tin tác giả lạ', { author: 'Người Lạ' }),
      line('Tin không mục', {}),
    ].join('\n') + '\n',
  );
  return file;
}

const UNKNOWN_SECTION = 'category: no section with slug "thoi-su-moi" (create it first, or import with --create-missing)';
const UNKNOWN_AUTHOR = 'author: no author with slug "nguoi-la" (create it first, or import with --create-missing)';

describeEachBackend('importNdjsonFile with unknown sections and authors', ({ db }) => {
  beforeEach(async () => {
    const { prisma } = db();
    await prisma.article.deleteMany();
    await prisma.category.deleteMany();
    await prisma.author.deleteMany();
    await prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự' } });
    await prisma.author.create({ data: { slug: 'duc-toan', name: 'Đức Toàn' } });
  });

  const taxonomy = async () => ({
    categories: (await db().prisma.category.findMany({ orderBy: { slug: 'asc' } })).map((c) => c.slug),
    authors: (await db().prisma.author.findMany({ orderBy: { slug: 'asc' } })).map((a) => a.slug),
  });

  it('under abort, reports each line naming one and writes nothing', async () => {
    const bad: [number, string[]][] = [];
    const file = fileWithUnknownTaxonomy('unknown-abort.ndjson');
    const summary = await importNdjsonFile(db().prisma, file, { batchSize: 2, onBadLine: (line, errors) => bad.push([line, errors]) });
    expect(summary).toMatchObject({ aborted: true, imported: 0, badLines: 2, lines: 4 });
    expect(bad).toEqual([
      [2, [UNKNOWN_SECTION]],
      [3, [UNKNOWN_AUTHOR]],
    ]);
    expect(await db().prisma.article.count()).toBe(0);
    expect(await taxonomy()).toEqual({ categories: ['thoi-su'], authors: ['duc-toan'] });
  });

  it('under skip, writes the other lines and creates no section or author', async () => {
    const bad: number[] = [];
    const file = fileWithUnknownTaxonomy('unknown-skip.ndjson');
    const summary = await importNdjsonFile(db().prisma, file, { onError: 'skip', batchSize: 3, onBadLine: (line) => bad.push(line) });
    expect(summary).toMatchObject({ aborted: false, imported: 2, badLines: 2 });
    expect(bad).toEqual([2, 3]);
    const titles = (await db().prisma.article.findMany({ orderBy: { id: 'asc' } })).map((a) => a.title);
    expect(titles).toEqual(['Tin trong mục có sẵn', 'Tin không mục']);
    expect(await taxonomy()).toEqual({ categories: ['thoi-su'], authors: ['duc-toan'] });
  });

  it('with createMissing, creates them as before', async () => {
    const file = fileWithUnknownTaxonomy('unknown-create.ndjson');
    const summary = await importNdjsonFile(db().prisma, file, { createMissing: true, batchSize: 2 });
    expect(summary).toMatchObject({ aborted: false, imported: 4, badLines: 0 });
    expect(await taxonomy()).toEqual({ categories: ['thoi-su', 'thoi-su-moi'], authors: ['duc-toan', 'nguoi-la'] });
  });
});

describe('npm run import (child process, PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const runImport = (...args: string[]) =>
    spawnSync(path.join(projectRoot, 'node_modules/.bin/tsx'), ['src/cli/import.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: db.url!, NODE_ENV: 'test' },
      encoding: 'utf8',
      timeout: COMMAND_MS,
    });

  it('aborts by default: names line 3, exits non-zero, writes nothing', async () => {
    const run = runImport(fileWithBadLine3('cli-abort.ndjson'));
    expect(run.stderr).toContain('line 3: title: must not be empty');
    expect(run.stderr).not.toMatch(/line [1245]:/);
    expect(run.status).toBe(1);
    expect(await db.prisma.article.count()).toBe(0);
  });

  it('with --on-error skip, imports the good lines and still exits non-zero', async () => {
    const run = runImport(fileWithBadLine3('cli-skip.ndjson'), '--on-error', 'skip', '--batch', '2');
    expect(run.stderr).toContain('line 3: title: must not be empty');
    expect(run.stdout).toContain('Imported 4 articles');
    expect(run.status).toBe(1);
    expect(await db.prisma.article.count()).toBe(4);
    expect(await db.prisma.tag.findMany({ select: { name: true } })).toEqual([{ name: 'Yên Bái' }]);
  });

  it('reports invalid JSON with its line number', async () => {
    const file = path.join(scratch, 'cli-json.ndjson');
    writeFileSync(file, `${article('Tin')}\n{"title": "Tin hỏng",\n`);
    const run = runImport(file, '--on-error', 'abort');
    expect(run.stderr).toMatch(/^line 2: invalid JSON: /m);
    expect(run.status).toBe(1);
  });

  it('refuses a line naming an unknown section unless --create-missing is given', async () => {
    await db.prisma.article.deleteMany();
    await db.prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự' } });
    await db.prisma.author.create({ data: { slug: 'duc-toan', name: 'Đức Toàn' } });
    const refused = runImport(fileWithUnknownTaxonomy('cli-unknown.ndjson'), '--on-error', 'skip');
    expect(refused.stderr).toContain(`line 2: ${UNKNOWN_SECTION}`);
    expect(refused.stderr).toContain(`line 3: ${UNKNOWN_AUTHOR}`);
    expect(refused.stdout).toContain('Imported 2 articles');
    expect(refused.status).toBe(1);
    expect(await db.prisma.category.count({ where: { slug: 'thoi-su-moi' } })).toBe(0);
    expect(await db.prisma.author.count({ where: { slug: 'nguoi-la' } })).toBe(0);

    const created = runImport(fileWithUnknownTaxonomy('cli-create.ndjson'), '--create-missing');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(await db.prisma.category.findUnique({ where: { slug: 'thoi-su-moi' } })).toMatchObject({ name: 'Thời sự mới', parentId: null });
    expect(await db.prisma.author.count({ where: { slug: 'nguoi-la' } })).toBe(1);
  });

  it('explains its usage', () => {
    const help = runImport('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--on-error abort');
    const wrong = runImport('missing.ndjson', '--on-error', 'maybe');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/no such file|--on-error must be abort or skip/);
  });
});
