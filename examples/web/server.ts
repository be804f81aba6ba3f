/**
 * The reference article page: a small server-rendered client of the gateway (node:http and
 * template strings; examples/web/README section in the main README). Routes:
 *
 * - `/bai-viet/<slug>`: the article page (the gateway's `Article.url` paths, so its links work);
 * - `/ngay/<YYYY-MM-DD>?chuyen-muc=<slug>`: the articles of a day, in a section or in all;
 *   `/ngay?ngay=…&chuyen-muc=…` is where the date picker's form goes;
 * - `/`: the latest article.
 *
 * Configuration: GATEWAY_URL (http://localhost:4000/graphql), PORT (3000; 0 picks a free one),
 * HOST (127.0.0.1), TRUSTED_DOCUMENTS_MANIFEST (persisted-operations.json), GATEWAY_TIMEOUT_MS (10000:
 * the bound on each request to the gateway).
 */
import { createServer, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ArchiveCalendarQuery,
  ArticleHeadQuery,
  ArticlePageQuery,
  DailyArchivePageQuery,
  HomePageQuery,
} from '../generated/graphql.js';
import { GatewayError, persistedQueries } from './api.js';
import { articlePage, dayPage, errorPage, type Picker } from './pages.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const graphqlUrl = process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql';
const manifest = path.resolve(root, process.env.TRUSTED_DOCUMENTS_MANIFEST ?? 'persisted-operations.json');
const query = persistedQueries(graphqlUrl, manifest, Number(process.env.GATEWAY_TIMEOUT_MS) || 10_000);
/** Pictures (`/media/…`) are the gateway's: their URLs are resolved against it. */
const mediaOrigin = new URL(graphqlUrl).origin;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function calendar(date: string, category: string | null) {
  const [year, month] = date.split('-').map(Number);
  const answer = await query<ArchiveCalendarQuery>('ArchiveCalendar', { year, month, category });
  return answer.archiveCalendar;
}

async function renderArticle(slug: string): Promise<[number, string]> {
  // The page and its head are two persisted operations, fetched together.
  const [page, head] = await Promise.all([
    query<ArticlePageQuery>('ArticlePage', { slug, related: 6 }),
    query<ArticleHeadQuery>('ArticleHead', { slug }),
  ]);
  const article = page.article;
  if (!article) return [404, errorPage(404, 'Không tìm thấy bài viết.')];
  // The archive picker opens on the article's day (in Vietnam), in its section.
  const date = article.publishedAt?.slice(0, 10) ?? new Date().toISOString().slice(0, 10);
  const category = article.category ? { slug: article.category.slug, name: article.category.name } : null;
  const picker: Picker = { date, category, inCategory: category !== null, calendar: await calendar(date, category?.slug ?? null) };
  return [200, articlePage(article, head.article, picker, mediaOrigin)];
}

async function renderDay(date: string, categorySlug: string | null): Promise<[number, string]> {
  const [answer, month] = await Promise.all([
    query<DailyArchivePageQuery>('DailyArchivePage', { date, category: categorySlug, first: 50 }),
    calendar(date, categorySlug),
  ]);
  const day = answer.dailyArchive;
  if (!day) return [404, errorPage(404, 'Không có chuyên mục này.')];
  const category = categorySlug && day.category ? { slug: categorySlug, name: day.category.name } : null;
  return [200, dayPage(day, { date, category, inCategory: category !== null, calendar: month })];
}

async function latestArticle(): Promise<string | null> {
  const answer = await query<HomePageQuery>('HomePage', {});
  return answer.articles.edges[0]?.node.url ?? null;
}

function send(response: ServerResponse, status: number, html: string) {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': status === 200 ? 'public, max-age=30' : 'no-store',
  });
  response.end(html);
}

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://example.invalid');
  try {
    const article = /^\/bai-viet\/([a-z0-9-]{1,200})$/.exec(url.pathname);
    const day = /^\/ngay\/(\d{4}-\d{2}-\d{2})$/.exec(url.pathname);
    const category = url.searchParams.get('chuyen-muc') || null;
    if (article) return send(response, ...(await renderArticle(article[1]!)));
    if (day) return send(response, ...(await renderDay(day[1]!, category)));
    if (url.pathname === '/ngay' && DATE.test(url.searchParams.get('ngay') ?? '')) {
      const location = `/ngay/${url.searchParams.get('ngay')}${category ? `?chuyen-muc=${encodeURIComponent(category)}` : ''}`;
      return response.writeHead(303, { location }).end();
    }
    if (url.pathname === '/') {
      const latest = await latestArticle();
      return latest ? response.writeHead(302, { location: latest }).end() : send(response, 404, errorPage(404, 'Chưa có bài viết.'));
    }
    send(response, 404, errorPage(404, 'Không có trang này.'));
  } catch (error) {
    console.error(error);
    const status = error instanceof GatewayError ? 502 : 500;
    send(response, status, errorPage(status, status === 502 ? 'Máy chủ nội dung không trả lời.' : 'Lỗi.'));
  }
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`Reference article page at http://${process.env.HOST ?? '127.0.0.1'}:${port}/ (gateway ${graphqlUrl})`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
