/**
 * Renditions at /renditions/{width}/{hash}/{original}.{webp|avif|jpg} (see
 * src/domain/image-renditions.ts for the URL, src/media/renditions.ts for how they are made).
 *
 * A rendition's URL changes with its content, so it is cached for good (`immutable`, a year)
 * and its ETag is its hash. Refusals are JSON with a stable `code`, as GraphQL errors are:
 * 400 IMAGE_WIDTH_NOT_OFFERED / IMAGE_FORMAT_NOT_OFFERED / INVALID_MEDIA_PATH, 404 NOT_FOUND,
 * 413 IMAGE_TOO_LARGE, 422 UNREADABLE_IMAGE, 503 RENDITION_TIMEOUT. `X-Rendition-Cache` says
 * whether the answer was made for this request (`miss`), read from the disk cache (`hit`) or
 * shared with a request that was making it at the same time (`coalesced`).
 */
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { ErrorCode, errorCatalogue, refusalBody } from '../errors/catalogue.js';
import { IMAGE_FORMATS, parseRenditionPath, RENDITION_PREFIX } from '../domain/image-renditions.js';
import { imageUrls } from '../media/image-urls.js';
import { mediaPath } from './media.js';

export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function renditionsPlugin(config: Config): Plugin {
  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(RENDITION_PREFIX)) return;
      const refuse = (code: ErrorCode, message: string, headers: Record<string, string> = {}) =>
        endResponse(
          new fetchAPI.Response(refusalBody(code, message), {
            status: errorCatalogue[code].status ?? 400,
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
          }),
        );
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return refuse(ErrorCode.METHOD_NOT_ALLOWED, 'Renditions answer GET and HEAD', { allow: 'GET, HEAD' });
      }
      if (config.images.service !== 'gateway') return refuse(ErrorCode.NOT_FOUND, 'Renditions are made by the image service');
      const parsed = parseRenditionPath(url.pathname, mediaPath);
      if (!parsed.ok) return refuse(parsed.code, parsed.message);

      const etag = `"${parsed.hash}"`;
      const headers: Record<string, string> = {
        'cache-control': IMMUTABLE,
        etag,
        'content-type': IMAGE_FORMATS[parsed.format].contentType,
        'x-content-type-options': 'nosniff',
      };
      // The URL names the content: whoever holds this ETag holds this picture.
      if ((request.headers.get('if-none-match') ?? '').split(/\s*,\s*/).includes(etag)) {
        return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
      }
      return (async () => {
        const { renditions } = imageUrls(config);
        const { outcome, shared } = await renditions.obtain(parsed);
        if (outcome.kind === 'refused') return refuse(outcome.code, outcome.message);
        if (outcome.kind === 'moved') {
          return endResponse(
            new fetchAPI.Response(null, { status: 302, headers: { location: outcome.location, 'cache-control': 'no-cache' } }),
          );
        }
        headers['content-length'] = String(outcome.bytes);
        headers['x-rendition-cache'] = shared ? 'coalesced' : outcome.made ? 'miss' : 'hit';
        const body = request.method === 'HEAD' ? null : new Uint8Array(await renditions.read(outcome.file));
        endResponse(new fetchAPI.Response(body, { status: 200, headers }));
      })();
    },
  };
}
