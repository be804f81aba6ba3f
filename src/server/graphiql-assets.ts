/**
 * GraphiQL served entirely by the gateway, with no CDN.
 *
 * graphql-yoga's built-in GraphiQL page loads its script, stylesheet and Monaco editor workers
 * from unpkg at run time, so it stays on "Loading…" wherever the browser cannot reach that CDN
 * (an intranet newsroom, a machine offline, a strict Content-Security-Policy). The same build
 * ships on npm as `@graphql-yoga/render-graphiql`, released in lockstep with graphql-yoga.
 * That package inlines all of it into one ~9 MB HTML page; here the pieces are served as
 * separate, content-hashed, gzip-able and immutably cacheable files under
 * `/graphiql/assets/`, and the page that loads them is a few hundred bytes.
 *
 * The ~9 MB module is imported on the first GraphiQL request only, and not at all when
 * GraphiQL is off (production).
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

const gzipAsync = promisify(gzip);

/** URL prefix of GraphiQL's static files. */
export const GRAPHIQL_ASSETS_PREFIX = '/graphiql/assets/';

type AssetKey = 'js' | 'css' | 'editorWorker' | 'jsonWorker' | 'graphqlWorker' | 'favicon';

interface Asset {
  /** File name with its content hash, e.g. `yoga-graphiql.3f2a…e1.js`. */
  fileName: string;
  contentType: string;
  body: Bytes;
  etag: string;
  gzipped?: Promise<Bytes>;
}

type Assets = Record<AssetKey, Asset>;
type Bytes = Uint8Array<ArrayBuffer>;

function makeAsset(stem: string, extension: string, contentType: string, body: Bytes): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { fileName: `${stem}.${hash}.${extension}`, contentType, body, etag: `"${hash}"` };
}

let loading: Promise<Assets> | undefined;

/** Loads GraphiQL's build from `@graphql-yoga/render-graphiql` once per process. */
export function loadGraphiqlAssets(): Promise<Assets> {
  loading ??= import('@graphql-yoga/render-graphiql/graphiql').then((build) => {
    const text = (value: string): Bytes => new Uint8Array(Buffer.from(value, 'utf8'));
    const faviconMatch = /^data:([^;,]+);base64,(.*)$/s.exec(build.favicon);
    const js = 'text/javascript; charset=utf-8';
    return {
      js: makeAsset('yoga-graphiql', 'js', js, text(build.js)),
      css: makeAsset('graphiql', 'css', 'text/css; charset=utf-8', text(build.css)),
      editorWorker: makeAsset('editor.worker', 'js', js, text(build.editorWorkerService)),
      jsonWorker: makeAsset('json.worker', 'js', js, text(build.jsonWorker)),
      graphqlWorker: makeAsset('graphql.worker', 'js', js, text(build.graphqlWorker)),
      favicon: makeAsset(
        'favicon',
        'ico',
        faviconMatch?.[1] ?? 'image/x-icon',
        faviconMatch ? new Uint8Array(Buffer.from(faviconMatch[2]!, 'base64')) : new Uint8Array(),
      ),
    };
  });
  return loading;
}

/** JSON that is safe inside an inline <script>: no `</script>`, no HTML comment openers. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** yoga's `renderGraphiQL`: the page, pointing at the gateway's own copies of the assets. */
export async function renderLocalGraphiQL(options: GraphiQLOptions = {}): Promise<string> {
  const assets = await loadGraphiqlAssets();
  const url = (key: AssetKey) => GRAPHIQL_ASSETS_PREFIX + assets[key].fileName;
  const title = escapeHtml(options.title ?? 'GraphiQL');
  // Monaco runs its language services in web workers. Served from this origin, a worker can
  // be started from its URL directly (yoga's CDN page has to copy each into a blob: URL).
  const workers = { editorWorkerService: url('editorWorker'), json: url('jsonWorker'), graphql: url('graphqlWorker') };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <link rel="icon" href="${url('favicon')}">
    <link rel="stylesheet" href="${url('css')}">
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root">Loading ${title}…</div>
    <script>
      const workers = ${scriptJson(workers)};
      self.MonacoEnvironment = {
        globalAPI: false,
        getWorkerUrl: (moduleId, label) => workers[label] ?? workers.editorWorkerService,
      };
    </script>
    <script src="${url('js')}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Serves the files under GRAPHIQL_ASSETS_PREFIX (GET and HEAD; ETag; gzip when accepted). */
export function useGraphiqlAssets(): Plugin {
  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PREFIX)) return;
      const fileName = url.pathname.slice(GRAPHIQL_ASSETS_PREFIX.length);
      return loadGraphiqlAssets().then(async (assets) => {
        const asset = Object.values(assets).find((candidate) => candidate.fileName === fileName);
        if (!asset) {
          endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
          return;
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
          return;
        }
        const headers: Record<string, string> = {
          'cache-control': IMMUTABLE,
          etag: asset.etag,
          vary: 'Accept-Encoding',
          'x-content-type-options': 'nosniff',
        };
        if (
          request.headers
            .get('if-none-match')
            ?.split(/\s*,\s*/)
            .includes(asset.etag)
        ) {
          endResponse(new fetchAPI.Response(null, { status: 304, headers }));
          return;
        }
        headers['content-type'] = asset.contentType;
        let body = asset.body;
        if (/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '') && !asset.contentType.startsWith('image/')) {
          asset.gzipped ??= gzipAsync(asset.body).then((buffer) => new Uint8Array(buffer));
          body = await asset.gzipped;
          headers['content-encoding'] = 'gzip';
        }
        headers['content-length'] = String(body.byteLength);
        endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status: 200, headers }));
      });
    },
  };
}
