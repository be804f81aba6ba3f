import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaPath } from '../../src/server/media.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const shipped = new URL('../../media/demo/luc-yen-duong-giao-thong-nong-thon.jpg', import.meta.url);

describe('pictures at /media/', () => {
  let db: TestDatabase;
  let api: TestGateway;
  const root = mkdtempSync(path.join(tmpdir(), 'media-test-'));
  const mediaDir = path.join(root, 'media');

  beforeAll(async () => {
    mkdirSync(path.join(mediaDir, '2024/03'), { recursive: true });
    writeFileSync(path.join(mediaDir, '2024/03/ảnh lục yên.jpg'), readFileSync(shipped));
    writeFileSync(path.join(mediaDir, 'notes.txt'), 'not a picture');
    writeFileSync(path.join(root, 'secret.jpg'), 'outside the media folder');
    symlinkSync(path.join(root, 'secret.jpg'), path.join(mediaDir, 'escape.jpg'));
    db = await createTestDatabase('pglite', { migrate: false });
    api = createTestGateway(db, { MEDIA_DIR: mediaDir });
  });
  afterAll(async () => {
    await api?.dispose();
    await db?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves a file as it is, with its type, length and cache validators', async () => {
    const response = await api.fetch(`/media/2024/03/${encodeURIComponent('ảnh lục yên.jpg')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(readFileSync(shipped))).toBe(true);
    expect(response.headers.get('content-length')).toBe(String(body.length));

    const etag = response.headers.get('etag')!;
    expect(
      (await api.fetch(`/media/2024/03/${encodeURIComponent('ảnh lục yên.jpg')}`, { headers: { 'if-none-match': etag } })).status,
    ).toBe(304);
    const head = await api.fetch(`/media/2024/03/${encodeURIComponent('ảnh lục yên.jpg')}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves the demo picture shipped in the repository from the default folder', async () => {
    const defaults = createTestGateway(db);
    const response = await defaults.fetch('/media/demo/luc-yen-duong-giao-thong-nong-thon.jpg');
    expect(response.status).toBe(200);
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 3)
        .toString('hex'),
    ).toBe('ffd8ff');
    await defaults.dispose();
  });

  it('never leaves the folder, serves only images, and only to GET and HEAD', async () => {
    for (const probe of [
      '/media/../package.json',
      '/media/%2e%2e/secret.jpg',
      '/media/2024/..%2F..%2Fsecret.jpg',
      '/media/escape.jpg',
      '/media/notes.txt',
      '/media/.hidden.jpg',
      '/media/2024//03/x.jpg',
      '/media/%E0%A4%A.jpg',
      '/media/missing.jpg',
    ]) {
      const response = await api.fetch(probe);
      expect(response.status, probe).toBe(404);
      // (URL parsing already turns /media/../x into /x, which is not this route at all.)
      expect(await response.text(), probe).not.toMatch(/outside the media folder|news-graphql-gateway|not a picture/);
    }
    const post = await api.fetch('/media/2024/03/x.jpg', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('reads a request path as a plain relative path to an image, or not at all', () => {
    expect(mediaPath('/media/2024/03/a%20b.JPG')).toBe('2024/03/a b.JPG');
    expect(mediaPath('/media/a%2Fb.jpg')).toBeNull();
    expect(mediaPath('/media/a%00.jpg')).toBeNull();
    expect(mediaPath('/media/')).toBeNull();
    expect(mediaPath('/mediafoo/a.jpg')).toBeNull();
  });
});
