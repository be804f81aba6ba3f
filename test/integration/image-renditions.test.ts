import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renditionPath } from '../../src/domain/image-renditions.js';
import { seedDemoContent } from '../../src/seed/demo.js';
import { describeEachBackend } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const REFERENCE = 'luc-yen-co-tren-400-mo-hinh-dan-van-kheo';
const MEDIA = fileURLToPath(new URL('../../media/', import.meta.url));
const ILLUSTRATION = 'demo/minh-hoa/anh-minh-hoa-1.jpg'; // 1200 × 675

const digestOf = (relative: string) =>
  createHash('sha256')
    .update(readFileSync(path.join(MEDIA, relative)))
    .digest('hex');
const SITE = 'http://localhost:4000';

describeEachBackend(
  'picture renditions',
  ({ db }) => {
    let api: TestGateway;
    let cacheDir: string;
    beforeAll(() => {
      cacheDir = mkdtempSync(path.join(tmpdir(), 'renditions-'));
      api = createTestGateway(db(), { RENDITION_CACHE_DIR: cacheDir });
    });
    afterAll(async () => {
      await api?.dispose();
      rmSync(cacheDir, { recursive: true, force: true });
    });
    /** The gateway's own path of an absolute rendition URL. */
    const local = (url: string) => {
      expect(url.startsWith(`${SITE}/renditions/`)).toBe(true);
      return url.slice(SITE.length);
    };

    it('hands out content-hashed URLs of renditions that resolve, at the asked width and format', async () => {
      const { data, errors } = await api.query(
        `query ($slug: String!) { article(slug: $slug) { images {
           src webp: url(width: 640, format: WEBP) jpeg: url(width: 320) avif: url(width: 960, format: AVIF) srcset(format: WEBP)
        } } }`,
        { slug: REFERENCE },
      );
      expect(errors).toBeUndefined();
      const [image] = data.article.images;
      const digest = digestOf('demo/luc-yen-duong-giao-thong-nong-thon.jpg');
      // The reference computation: the URL is the original's path, its width and a hash of (bytes, width, format).
      expect(image.webp).toBe(`${SITE}${renditionPath('demo/luc-yen-duong-giao-thong-nong-thon.jpg', digest, 640, 'WEBP')}`);
      for (const [url, width, format] of [
        [image.webp, 640, 'webp'],
        [image.jpeg, 320, 'jpeg'],
        [image.avif, 960, 'heif'],
      ] as const) {
        const response = await api.fetch(local(url));
        expect(response.status, url).toBe(200);
        const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
        expect(metadata.width, url).toBe(width);
        expect(metadata.format, url).toBe(format);
        expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      }
      // The original is 960 wide: srcset stops there.
      expect(image.srcset).toMatch(/^\S+\/320\/[0-9a-f]{16}\/\S+\.webp 320w, \S+ 640w, \S+ 960w$/);
    });

    it('never enlarges: the 1280 rendition of a 1200-pixel original is 1200 wide, and srcset says so', async () => {
      const { data } = await api.query(
        `{ articles(first: 50) { edges { node { images { src url(width: 1280, format: JPEG) srcset(format: JPEG) } } } } }`,
      );
      const image = data.articles.edges
        .flatMap((edge: any) => edge.node.images)
        .find((candidate: any) => candidate.src === `/media/${ILLUSTRATION}`);
      expect(image).toBeDefined();
      expect(image.srcset.split(', ').map((entry: string) => entry.split(' ')[1])).toEqual(['320w', '640w', '960w', '1200w']);
      const response = await api.fetch(local(image.url));
      const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([metadata.width, metadata.height]).toEqual([1200, 675]);
    });

    it('makes a rendition once: the next request reads it from the disk cache; an ETag answers 304', async () => {
      const url = renditionPath(ILLUSTRATION, digestOf(ILLUSTRATION), 640, 'JPEG');
      const first = await api.fetch(url);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-rendition-cache')).toBe('miss');
      const body = Buffer.from(await first.arrayBuffer());
      const etag = first.headers.get('etag')!;
      expect(etag).toBe(`"${url.split('/')[3]}"`);
      expect(readdirSync(cacheDir)).toContain(`${url.split('/')[3]}.jpg`);

      const second = await api.fetch(url);
      expect(second.headers.get('x-rendition-cache')).toBe('hit');
      expect(Buffer.from(await second.arrayBuffer()).equals(body)).toBe(true);
      expect(second.headers.get('content-length')).toBe(String(body.length));

      const revalidated = await api.fetch(url, { headers: { 'if-none-match': etag } });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const head = await api.fetch(url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    });

    it('coalesces concurrent requests for the same rendition into one piece of work', async () => {
      const url = renditionPath('demo/minh-hoa/anh-minh-hoa-2.jpg', digestOf('demo/minh-hoa/anh-minh-hoa-2.jpg'), 960, 'AVIF');
      const responses = await Promise.all(Array.from({ length: 6 }, () => api.fetch(url)));
      expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
      const outcomes = responses.map((r) => r.headers.get('x-rendition-cache')).sort();
      expect(outcomes).toEqual(['coalesced', 'coalesced', 'coalesced', 'coalesced', 'coalesced', 'miss']);
      const bodies = await Promise.all(
        responses.map(async (r) =>
          createHash('sha1')
            .update(Buffer.from(await r.arrayBuffer()))
            .digest('hex'),
        ),
      );
      expect(new Set(bodies).size).toBe(1);
    });

    it('refuses widths, formats and paths outside the fixed set, with a code', async () => {
      const hash = '0123456789abcdef';
      for (const [probe, status, code] of [
        [`/renditions/500/${hash}/${ILLUSTRATION}.webp`, 400, 'IMAGE_WIDTH_NOT_OFFERED'],
        [`/renditions/6400/${hash}/${ILLUSTRATION}.webp`, 400, 'IMAGE_WIDTH_NOT_OFFERED'],
        [`/renditions/640/${hash}/${ILLUSTRATION}.png`, 400, 'IMAGE_FORMAT_NOT_OFFERED'],
        [`/renditions/640/${hash}/${ILLUSTRATION}.gif`, 400, 'IMAGE_FORMAT_NOT_OFFERED'],
        [`/renditions/640/${hash}/%2e%2e/package.json.webp`, 400, 'INVALID_MEDIA_PATH'],
        [`/renditions/640/${hash}/demo/..%2F..%2Fpackage.json.webp`, 400, 'INVALID_MEDIA_PATH'],
        [`/renditions/640/${hash}/.hidden.jpg.webp`, 400, 'INVALID_MEDIA_PATH'],
        [`/renditions/640/${hash}/demo/notes.txt.webp`, 400, 'INVALID_MEDIA_PATH'],
        [`/renditions/640/not-a-hash/${ILLUSTRATION}.webp`, 404, 'NOT_FOUND'],
        [`/renditions/640/${hash}/demo/missing.jpg.webp`, 404, 'NOT_FOUND'],
      ] as const) {
        const response = await api.fetch(probe);
        expect(response.status, probe).toBe(status);
        const body = await response.json();
        expect(body.errors[0].extensions.code, probe).toBe(code);
      }
      const post = await api.fetch(`/renditions/640/${hash}/${ILLUSTRATION}.webp`, { method: 'POST' });
      expect(post.status).toBe(405);

      const { data, errors } = await api.query(`query ($slug: String!) { article(slug: $slug) { images { url(width: 500) } } }`, {
        slug: REFERENCE,
      });
      expect(data.article.images[0].url).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'width', widths: [320, 640, 960, 1280] });
    });

    it('sends an outdated hash (a replaced original) to the current URL', async () => {
      const current = renditionPath(ILLUSTRATION, digestOf(ILLUSTRATION), 320, 'WEBP');
      const stale = current.replace(/\/[0-9a-f]{16}\//, '/0000000000000000/');
      const response = await api.fetch(stale, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(current);
    });

    it('keeps to its size budget: too many bytes or pixels are refused with 413', async () => {
      const small = createTestGateway(db(), { RENDITION_CACHE_DIR: cacheDir, RENDITION_MAX_ORIGINAL_BYTES: '1024' });
      const fewPixels = createTestGateway(db(), { RENDITION_CACHE_DIR: cacheDir, RENDITION_MAX_ORIGINAL_PIXELS: '1000' });
      try {
        const url = renditionPath('demo/minh-hoa/anh-minh-hoa-3.jpg', digestOf('demo/minh-hoa/anh-minh-hoa-3.jpg'), 320, 'WEBP');
        for (const gateway of [small, fewPixels]) {
          const response = await gateway.fetch(url);
          expect(response.status).toBe(413);
          expect((await response.json()).errors[0].extensions.code).toBe('IMAGE_TOO_LARGE');
        }
        expect(existsSync(path.join(cacheDir, `${url.split('/')[3]}.webp`))).toBe(false);
      } finally {
        await Promise.all([small.dispose(), fewPixels.dispose()]);
      }
    });

    it('emits signed imgproxy URLs instead when IMAGE_SERVICE=imgproxy', async () => {
      const key = '943b421c9eb07c830af81030552c86009268de4e532ba2ee2eab8247c6da0881';
      const salt = '520f986b998545b4785e0defbc4f3c1203f22de2374a3d53cb7a7fe9fea309c5';
      const imgproxy = createTestGateway(db(), {
        IMAGE_SERVICE: 'imgproxy',
        IMGPROXY_URL: 'https://img.example.com/',
        IMGPROXY_KEY: key,
        IMGPROXY_SALT: salt,
        IMGPROXY_SOURCE_PREFIX: 'https://cdn.example.com/media/',
      });
      try {
        const { data, errors } = await imgproxy.query(
          `query ($slug: String!) { article(slug: $slug) { images { url(width: 640, format: WEBP) srcset(format: AVIF) } } }`,
          { slug: REFERENCE },
        );
        expect(errors).toBeUndefined();
        const [image] = data.article.images;
        // Computed here as imgproxy's documentation says: HMAC-SHA256(key, salt + path), URL-safe Base64.
        const source = Buffer.from('https://cdn.example.com/media/demo/luc-yen-duong-giao-thong-nong-thon.jpg').toString('base64url');
        const signedPath = `/rs:fit:640:0:0/${source}.webp`;
        const signature = createHmac('sha256', Buffer.from(key, 'hex'))
          .update(Buffer.concat([Buffer.from(salt, 'hex'), Buffer.from(signedPath)]))
          .digest('base64url');
        expect(image.url).toBe(`https://img.example.com/${signature}${signedPath}`);
        // The row says the original is 960 wide: srcset stops there.
        expect(image.srcset.split(', ').map((entry: string) => entry.split(' ')[1])).toEqual(['320w', '640w', '960w']);
        expect(image.srcset).toMatch(/^https:\/\/img\.example\.com\/[\w-]{43}\/rs:fit:320:0:0\/[\w-]+\.avif 320w/);
        // The gateway makes none itself then.
        expect((await imgproxy.fetch(renditionPath(ILLUSTRATION, digestOf(ILLUSTRATION), 320, 'WEBP'))).status).toBe(404);
      } finally {
        await imgproxy.dispose();
      }
    });
  },
  async (database) => {
    await seedDemoContent(database.prisma, { syntheticArticles: 12 });
  },
);
