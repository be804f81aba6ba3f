/**
 * What the harness sends each server for a page, and how it checks the answers before it
 * measures anything: no errors, six related articles, and the same articles as the gateway.
 */
import { send, type ServerDef } from './servers.js';
import { endCursorOf, type Ask, type HttpRequest, type Page, type Sample } from './workload.js';

/** The server's requests for a sequence of asks, fetching page-1 cursors for tag pages. */
export async function requestsFor(server: ServerDef, asks: Ask[], sample: Sample, cursors: Map<string, string>): Promise<HttpRequest[]> {
  const requests: HttpRequest[] = [];
  for (const ask of asks) {
    let cursor: string | undefined;
    if (ask.page === 'tag' && ask.secondPage) {
      cursor = cursors.get(ask.slug);
      if (cursor === undefined) {
        const first = server.builder({ ...ask, secondPage: false }, sample)!;
        const { body } = await send(server, first);
        cursor = endCursorOf(server.kind, body);
        if (!cursor) throw new Error(`${server.name}: no cursor for tag ${ask.slug}: ${JSON.stringify(body).slice(0, 300)}`);
        cursors.set(ask.slug, cursor);
      }
    }
    const request = server.builder(ask, sample, cursor);
    if (request) requests.push(request);
  }
  return requests;
}

/** Why an answer is not a right answer to the page, or null. */
export function problemWith(page: Page, server: ServerDef, status: number, body: any): string | null {
  if (status !== 200) return `HTTP ${status}`;
  if (body.errors) return JSON.stringify(body.errors).slice(0, 300);
  const data = body.data ?? {};
  const rootValue = Object.values(data)[0];
  if (rootValue === null || rootValue === undefined) return 'null answer';
  if (page === 'article') {
    const related = server.kind === 'postgraphile' ? data.articleBySlug?.relatedArticlesList : data.article?.relatedArticles;
    if (!Array.isArray(related) || related.length !== 6) return `related: ${JSON.stringify(related)?.slice(0, 100)}`;
  }
  return null;
}

/** Every article title in an answer, in document order: comparable across query shapes. */
export function titles(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) titles(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'title' && typeof child === 'string') out.push(child);
      else titles(child, out);
    }
  }
  return out;
}

/** An answer without its server-specific cursors, with keys sorted. */
export function canonical(value: unknown): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([key]) => key !== 'endCursor' && key !== 'cursor')
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, child]) => [key, strip(child)]),
      );
    }
    return v;
  };
  return JSON.stringify(strip(value));
}

/**
 * The gateway's answers, by page and request index, that the other servers' answers are
 * compared with: whole answers without cursors for servers of the gateway's shape (naive,
 * raw, the gateway on Node 22), the article titles in order for PostGraphile.
 */
export class Reference {
  private readonly whole = new Map<string, string>();
  private readonly titleLists = new Map<string, string>();

  record(key: string, data: unknown) {
    this.whole.set(key, canonical(data));
    this.titleLists.set(key, JSON.stringify(titles(data)));
  }

  /** Whether `data` agrees with the gateway's answer, or null when there is none to compare. */
  agrees(key: string, server: ServerDef, data: unknown): boolean | null {
    if (!this.whole.has(key)) return null;
    return server.kind === 'postgraphile'
      ? JSON.stringify(titles(data)) === this.titleLists.get(key)
      : canonical(data) === this.whole.get(key);
  }
}
