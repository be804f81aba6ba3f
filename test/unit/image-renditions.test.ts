import { describe, expect, it } from 'vitest';
import { parseRenditionPath, renditionHash, renditionPath, srcsetWidths } from '../../src/domain/image-renditions.js';
import { imgproxyUrl, signImgproxyPath } from '../../src/domain/imgproxy.js';
import { mediaPath } from '../../src/server/media.js';

const DIGEST = 'a'.repeat(64);

describe('rendition URLs', () => {
  it('name the original, the width and a hash of (bytes, width, format), Vietnamese names encoded', () => {
    const url = renditionPath('2024/03/ảnh lục yên.jpg', DIGEST, 640, 'WEBP');
    expect(url).toBe(`/renditions/640/${renditionHash(DIGEST, 640, 'WEBP')}/2024/03/${encodeURIComponent('ảnh lục yên.jpg')}.webp`);
    expect(parseRenditionPath(url, mediaPath)).toEqual({
      ok: true,
      width: 640,
      hash: renditionHash(DIGEST, 640, 'WEBP'),
      format: 'WEBP',
      original: '2024/03/ảnh lục yên.jpg',
    });
  });

  it('change with any of the bytes, the width or the format', () => {
    const hashes = new Set([
      renditionHash(DIGEST, 640, 'WEBP'),
      renditionHash('b'.repeat(64), 640, 'WEBP'),
      renditionHash(DIGEST, 960, 'WEBP'),
      renditionHash(DIGEST, 640, 'AVIF'),
    ]);
    expect(hashes.size).toBe(4);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('are refused outside the fixed widths and formats, or off a plain path', () => {
    const code = (pathname: string) => {
      const parsed = parseRenditionPath(pathname, mediaPath);
      return parsed.ok ? 'ok' : parsed.code;
    };
    expect(code('/renditions/641/0123456789abcdef/a.jpg.webp')).toBe('IMAGE_WIDTH_NOT_OFFERED');
    expect(code('/renditions/0640/0123456789abcdef/a.jpg.webp')).toBe('IMAGE_WIDTH_NOT_OFFERED');
    expect(code('/renditions/640/0123456789abcdef/a.jpg.tiff')).toBe('IMAGE_FORMAT_NOT_OFFERED');
    expect(code('/renditions/640/0123456789abcdef/a.jpg.png')).toBe('IMAGE_FORMAT_NOT_OFFERED');
    expect(code('/renditions/640/0123456789abcdef/a.jpg')).toBe('INVALID_MEDIA_PATH');
    expect(code('/renditions/640/0123456789abcdef/.a.jpg.webp')).toBe('INVALID_MEDIA_PATH');
    expect(code('/renditions/640/0123456789abcdef/a%2F..%2Fb.jpg.webp')).toBe('INVALID_MEDIA_PATH');
    expect(code('/renditions/640/a.jpg.webp')).toBe('INVALID_MEDIA_PATH');
    expect(code('/renditions/640/0123456789ABCDEF/a.jpg.webp')).toBe('NOT_FOUND');
    expect(code('/renditions/640/0123456789abcdef/a.jpg.avif')).toBe('ok');
  });
});

describe('srcsetWidths', () => {
  it('offers the fixed widths up to the first that reaches the original, never wider than it', () => {
    expect(srcsetWidths(1200)).toEqual([
      { width: 320, rendered: 320 },
      { width: 640, rendered: 640 },
      { width: 960, rendered: 960 },
      { width: 1280, rendered: 1200 },
    ]);
    expect(srcsetWidths(960).map((w) => w.rendered)).toEqual([320, 640, 960]);
    expect(srcsetWidths(200)).toEqual([{ width: 320, rendered: 200 }]);
    expect(srcsetWidths(4000).map((w) => w.rendered)).toEqual([320, 640, 960, 1280]);
  });
});

describe('imgproxy', () => {
  it('signs as imgproxy documents it (docs.imgproxy.net, "Signing a URL": key "secret", salt "hello")', () => {
    const path = '/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png';
    expect(signImgproxyPath(path, Buffer.from('736563726574', 'hex'), Buffer.from('68656C6C6F', 'hex'))).toBe(
      'oKfUtW34Dvo2BGQehJFR4Nr0_rIjOtdtzJ3QFsUcXH8',
    );
  });

  it('builds fit-to-width, never-enlarge URLs with the source in URL-safe Base64', () => {
    const url = imgproxyUrl({
      baseUrl: 'https://img.example.com',
      key: Buffer.from('736563726574', 'hex'),
      salt: Buffer.from('68656C6C6F', 'hex'),
      source: 'local:///demo/ảnh.jpg',
      width: 320,
      format: 'AVIF',
    });
    const [, signature, ...rest] = new URL(url).pathname.split('/');
    const path = `/${rest.join('/')}`;
    expect(path).toBe(`/rs:fit:320:0:0/${Buffer.from('local:///demo/ảnh.jpg').toString('base64url')}.avif`);
    expect(signature).toBe(signImgproxyPath(path, Buffer.from('secret'), Buffer.from('hello')));
  });
});
