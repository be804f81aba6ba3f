/**
 * Readers on a PostgreSQL streaming replica vs on the primary (issue 16): `npx tsx bench/replicas.ts`.
 *
 * Starts a throwaway primary and a `pg_basebackup -R` replica on loopback (test/support's
 * helper), seeds the demo content (≈300 articles), then runs the real gateway (`src/main.ts`,
 * response cache off so that every request reaches a database) twice: without and with
 * DATABASE_REPLICA_URLS. Each run: C connections of readers for D seconds, article pages by
 * slug with Zipf-distributed popularity, while an editor updates an article every P seconds
 * (each update sends readers to the primary until the replica has replayed it). Prints req/s,
 * p50/p99 latency, errors and, with the replica, readers' statements by server. Everything it
 * started is stopped and removed at the end.
 *
 * Settings (environment): BENCH_CONNECTIONS (10), BENCH_SECONDS (15), BENCH_PUBLISH_EVERY_S (3).
 */
import { loadavg } from 'node:os';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrations.js';
import { seedDemoContent } from '../src/seed/demo.js';
import { zipfSampler } from '../src/seed/zipf.js';
import { createEditorToken } from '../test/support/editors.js';
import { startServer, type ServerProcess } from '../test/support/server-process.js';
import { startStreamingReplica, startThrowawayPostgres, type ThrowawayPostgres } from '../test/support/throwaway-postgres.js';

const connections = Number(process.env.BENCH_CONNECTIONS) || 10;
const seconds = Number(process.env.BENCH_SECONDS) || 15;
const publishEverySeconds = Number(process.env.BENCH_PUBLISH_EVERY_S) || 3;

const PAGE = `query Page($slug: String!) { article(slug: $slug) {
  title lead publishedAt readingTimeMinutes category { name slug } author { name } tags { name slug }
  relatedArticles(first: 5) { slug title } } }`;
const PREVIEW = 'query($id: ID!) { article(id: $id, preview: true) { version } }';
const UPDATE = `mutation($id: ID!, $version: Int!, $input: UpdateArticleInput!) {
  updateArticle(id: $id, version: $version, input: $input) { __typename } }`;

interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  method: 'POST';
  headers: Record<string, string>;
  requests: { setupRequest: (request: Record<string, unknown>) => Record<string, unknown> }[];
}
interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
// autocannon ships no type declarations (its other user, bench/load.mjs, is JavaScript).
const { default: autocannon } = (await import('autocannon' as string)) as { default: (options: LoadOptions) => Promise<LoadResult> };

interface Row {
  readers: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  publishes: number;
  statements: string;
}

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, { version?: number; __typename?: string }>; errors?: unknown[] };
}

async function measure(
  server: Pick<ServerProcess, 'url' | 'output'>,
  slugs: string[],
  editorToken: string,
  editedId: string,
  readers: string,
): Promise<Row> {
  const pick = zipfSampler(slugs.length, 1);
  const body = () => JSON.stringify({ query: PAGE, variables: { slug: slugs[pick(Math.random())] } });
  // Warm up: plans prepared and pools filled on every server the readers use.
  await autocannon({
    url: `${server.url}/graphql`,
    connections,
    duration: 3,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
  let publishes = 0;
  let stop = false;
  const publisher = (async () => {
    while (!stop) {
      await new Promise((resolve) => setTimeout(resolve, publishEverySeconds * 1000));
      if (stop) break;
      const current = await post(server.url, PREVIEW, { id: editedId }, editorToken);
      const updated = await post(
        server.url,
        UPDATE,
        { id: editedId, version: current.data?.article?.version, input: { lead: `Cập nhật lúc ${new Date().toISOString()}` } },
        editorToken,
      );
      if (updated.data?.updateArticle?.__typename === 'MutationUpdateArticleSuccess') publishes += 1;
    }
  })();
  const result = await autocannon({
    url: `${server.url}/graphql`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
  stop = true;
  await publisher;
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const statements = [...metrics.matchAll(/^gateway_reader_statements_total\{server="([^"]+)"\} (\d+)/gm)]
    .map(([, where, count]) => `${where === 'primary' ? 'primary' : 'replica'} ${count}`)
    .join(', ');
  return {
    readers,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    publishes,
    statements: statements || '—',
  };
}

async function main() {
  let primary: ThrowawayPostgres | null = null;
  let replica: ThrowawayPostgres | null = null;
  const rows: Row[] = [];
  try {
    primary = await startThrowawayPostgres({ settings: ['max_connections=60'] });
    const db = await openDatabase({ url: primary.url() });
    await applyMigrations(db.adapterFactory);
    await seedDemoContent(db.prisma);
    const token = await createEditorToken(db.prisma);
    const articles = await db.prisma.article.findMany({
      where: { status: 'PUBLISHED' },
      select: { slug: true },
      orderBy: { publishedAt: 'desc' },
    });
    await db.close();
    replica = await startStreamingReplica(primary, { settings: ['max_connections=60'] });
    const slugs = articles.map((article) => article.slug);

    const base = {
      DATABASE_URL: primary.url(),
      RESPONSE_CACHE: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      EDITOR_RATE_LIMIT_PER_MINUTE: '0',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
    };
    for (const [label, env] of [
      ['primary only', base],
      ['replica (DATABASE_REPLICA_URLS)', { ...base, DATABASE_REPLICA_URLS: replica.url() }],
    ] as const) {
      const started = await startServer(env);
      // It announces its GraphQL endpoint; the requests below name their paths.
      const server = { ...started, url: new URL(started.url).origin };
      try {
        const edited = await post(server.url, 'query($slug: String!) { article(slug: $slug) { id } }', { slug: slugs[0] });
        const editedId = (edited.data?.article as { id: string }).id;
        rows.push(await measure(server, slugs, token, editedId, label));
      } finally {
        await started.stop();
      }
    }
  } finally {
    await replica?.destroy();
    await primary?.destroy();
  }
  console.log(
    `\n${table(rows)}\n\nLoad average after the runs (1, 5, 15 min): ${loadavg()
      .map((load) => load.toFixed(1))
      .join(', ')}`,
  );
}

function table(rows: Row[]): string {
  const header = `| readers | req/s | p50 ms | p99 ms | errors | edits during the run | readers' statements by server |\n|---|---|---|---|---|---|---|`;
  return [
    `Article pages by slug (Zipf s=1 over the demo's published articles), ${connections} connections, ${seconds} s, an edit every ${publishEverySeconds} s, response cache off:`,
    '',
    header,
    ...rows.map(
      (row) =>
        `| ${row.readers} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.publishes} | ${row.statements} |`,
    ),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
