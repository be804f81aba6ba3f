/**
 * Pictures at /media/…: the files of MEDIA_DIR, as they are (originals; resized renditions
 * are for later). What `ArticleImage.src` points at in the demo content, so an article page
 * shows its picture with no other server.
 *
 * Every path is hostile until checked: each segment is decoded once and must be a plain name
 * (no "..", no hidden files, no separators or NUL inside), the file must be an image type we
 * know, and its real path (symlinks followed) must still be inside MEDIA_DIR.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Plugin } from 'graphql-yoga';

export const MEDIA_PREFIX = '/media/';

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
};
/** A day: originals keep their name when replaced, so caches revalidate (ETag) rather than keep them for good. */
const CACHE_CONTROL = 'public, max-age=86400';

/** The path under MEDIA_DIR a request names, or null when it is not a plain path to an image. */
export function mediaPath(pathname: string): string | null {
  if (!pathname.startsWith(MEDIA_PREFIX)) return null;
  const segments = pathname.slice(MEDIA_PREFIX.length).split('/');
  const names: string[] = [];
  for (const segment of segments) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (name === '' || name.startsWith('.') || /[/\\\0]/.test(name)) return null;
    names.push(name);
  }
  if (!CONTENT_TYPES[path.extname(names.at(-1)!).toLowerCase()]) return null;
  return names.join('/');
}

export function mediaPlugin(mediaDir: string): Plugin {
  const root = path.resolve(mediaDir);
  let realRoot: Promise<string | null> | undefined;
  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(MEDIA_PREFIX)) return;
      const answer = (status: number, body: string | null, headers: Record<string, string> = {}) =>
        endResponse(
          new fetchAPI.Response(body, {
            status,
            headers: { ...(body === null ? {} : { 'content-type': 'text/plain; charset=utf-8' }), ...headers },
          }),
        );
      if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed', { allow: 'GET, HEAD' });
      const relative = mediaPath(url.pathname);
      if (!relative) return answer(404, 'Not found');
      return (async () => {
        realRoot ??= realpath(root).catch(() => null);
        const base = await realRoot;
        const file = base && (await realpath(path.join(root, relative)).catch(() => null));
        const info = file && !path.relative(base, file).startsWith('..') ? await stat(file).catch(() => null) : null;
        if (!file || !info?.isFile()) return answer(404, 'Not found');
        const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
        const headers: Record<string, string> = {
          'cache-control': CACHE_CONTROL,
          etag,
          'last-modified': info.mtime.toUTCString(),
          'x-content-type-options': 'nosniff',
        };
        const ifNoneMatch = request.headers.get('if-none-match');
        const ifModifiedSince = Date.parse(request.headers.get('if-modified-since') ?? '');
        const fresh = ifNoneMatch
          ? ifNoneMatch.split(/\s*,\s*/).includes(etag)
          : Number.isFinite(ifModifiedSince) && Math.floor(info.mtimeMs / 1000) * 1000 <= ifModifiedSince;
        if (fresh) return answer(304, null, headers);
        headers['content-type'] = CONTENT_TYPES[path.extname(relative).toLowerCase()]!;
        headers['content-length'] = String(info.size);
        const body = request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>);
        endResponse(new fetchAPI.Response(body, { status: 200, headers }));
      })();
    },
  };
}
