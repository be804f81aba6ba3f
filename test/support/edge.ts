/**
 * What the edge tests share: which engines this machine lacks (the tests skip without them),
 * a reader's article lookup over GET (through Varnish or straight at a gateway), the edge's
 * entry of `Cache-Status`, an editor's create, publish and retitle over HTTP, and a stand-in
 * edge for purges.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { DatabaseClient } from '../../src/db/database.js';
import { postQuery } from './server-process.js';

const onPath = (binary: string) => spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;

/** What the edge tests need and this machine lacks (empty when they can run). */
export function missingEdgeEngines(binaries = ['varnishd', 'redis-server']): string[] {
  return [
    ...binaries.filter((binary) => !onPath(binary)),
    ...(spawnSync('sh', ['-c', 'ls /usr/lib/*/varnish/vmods/libvmod_xkey.so']).status !== 0 ? ['vmod xkey (varnish-modules)'] : []),
  ];
}

/** Warns once per file that skips, with the command that installs what it lacks. */
export function warnSkipping(what: string, missing: string[]): void {
  if (missing.length === 0) return;
  console.warn(
    `SKIPPING ${what}: ${missing.join(' and ')} not found. ` +
      'Install them with `apt-get install -y varnish varnish-modules redis-server pgbouncer` (as .ci/run does).',
  );
}

export const ARTICLE_BY_ID = 'query($id: ID!) { article(id: $id) { title } }';
const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on MutationCreateArticleSuccess { data { id } } } }`;
const PUBLISH = `mutation($id: ID!) { publishArticle(id: $id) { __typename } }`;
const UPDATE = `mutation($id: ID!, $version: Int!, $title: String!) { updateArticle(id: $id, version: $version, input: { title: $title }) { __typename } }`;

export interface Read {
  status: number;
  title: string | null | undefined;
  cacheStatus: string;
  cacheControl: string;
}

/** A reader's GET of `query`; `base` is the edge's origin or a gateway's GraphQL URL. */
export async function readGet(base: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  const endpoint = base.endsWith('/graphql') ? base : `${base}/graphql`;
  const response = await fetch(`${endpoint}?${params}`, { headers: { accept: 'application/graphql-response+json', ...headers } });
  const text = await response.text();
  const body = (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : { text }) as { data?: any };
  return {
    status: response.status,
    data: body.data,
    cacheStatus: response.headers.get('cache-status') ?? '',
    cacheControl: response.headers.get('cache-control') ?? '',
  };
}

/** A reader's lookup of one article by id. */
export async function readArticle(base: string, id: string, headers: Record<string, string> = {}): Promise<Read> {
  const { data, ...rest } = await readGet(base, ARTICLE_BY_ID, { id }, headers);
  return { ...rest, title: data?.article === null ? null : data?.article?.title };
}

/** The edge's own entry of `Cache-Status` (`hit`, `miss`, `fwd=bypass`, `hit; fwd=stale`). */
export const edgeEntry = (cacheStatus: string) => /news-edge; ([^,]*)$/.exec(cacheStatus)?.[1] ?? '';

/** An editor's mutations over HTTP to a gateway (`url`), with `token`. */
export function editorOver(url: () => string, token: string, prisma: DatabaseClient) {
  async function mutate(query: string, variables: Record<string, unknown>, via = url()) {
    const result = await postQuery(via, query, variables, { authorization: `Bearer ${token}` });
    expect(result.body.errors, JSON.stringify(result.body)).toBeUndefined();
    return result.body.data;
  }
  return {
    mutate,
    async createPublished(title: string, via?: string): Promise<string> {
      const id = (await mutate(CREATE, { input: { title } }, via)).createArticle.data.id as string;
      expect((await mutate(PUBLISH, { id }, via)).publishArticle.__typename).toBe('MutationPublishArticleSuccess');
      return id;
    },
    async retitle(id: string, title: string, via?: string) {
      const number = Number(Buffer.from(id, 'base64').toString().split(':')[1]);
      const { version } = await prisma.article.findUniqueOrThrow({ where: { id: number }, select: { version: true } });
      expect((await mutate(UPDATE, { id, version, title }, via)).updateArticle.__typename).toBe('MutationUpdateArticleSuccess');
    },
  };
}

/**
 * A stand-in edge on loopback: records each purge, answers `state.status`, or (`state.hang`)
 * never answers; `abandoned` holds, per unanswered purge, how long the sender waited before
 * closing the connection.
 */
export async function fakeEdge() {
  const purges: { method: string; keys: string }[] = [];
  const abandoned: number[] = [];
  const state = { status: 200, hang: false };
  const server: Server = createServer((request: IncomingMessage, response) => {
    purges.push({ method: request.method!, keys: String(request.headers['xkey-purge']) });
    if (!state.hang) return void response.writeHead(state.status).end();
    const arrived = Date.now();
    response.once('close', () => abandoned.push(Date.now() - arrived));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    purges,
    abandoned,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
