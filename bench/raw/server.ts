/**
 * The floor of the benchmark: node:http and the raw `pg` driver running one hand-written
 * SQL statement per page, answering with the same JSON as the gateway's GraphQL response
 * for the bench documents (bench/workload.ts), so the harness can check they agree.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_10k PORT=4104 node --import tsx bench/raw/server.ts
 *
 *   GET /article?slug=…   GET /home   GET /tag?slug=…[&after=…]   GET /archive?date=…&category=…
 */
import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';
import {
  formatLocalDate,
  formatPrintedDateTime,
  localDateOf,
  localDayRange,
  parseLocalDate,
  toLocalIsoString,
} from '../../src/domain/local-time.js';
import { defaultRelatedWeights } from '../../src/domain/related-ranking.js';
import { NEIGHBOURS_PER_TAG } from '../related-function.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const port = Number(process.env.PORT ?? 4104);
const host = process.env.HOST ?? '127.0.0.1';

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const articleUrl = (slug: string) => `/bai-viet/${slug}`;
const authorOf = (name: string | null, slug: string | null) => (name === null ? null : { name, url: `/tac-gia/${slug}` });
const categoryOf = (name: string | null, slug: string | null) => (name === null ? null : { name, url: `/chuyen-muc/${slug}` });

const VISIBLE = `a.status = 'PUBLISHED' AND a."publishedAt" <= now()`;

// related_articles() declares no ROWS, so the planner assumes 1,000 rows from it; joined to
// "Article" as is, that planned a merge join over the whole primary key (8,099 rows read per
// article page at 10k). It returns at most 6 here: LIMIT 6 tells the planner, and the join
// becomes 6 index probes (see bench/postgraphile/setup.sql, same fix).

const articleSql = `
WITH target AS (
  SELECT coalesce((SELECT id FROM "Article" WHERE slug = $1),
                  (SELECT "articleId" FROM "ArticleSlugAlias" WHERE slug = $1)) AS id
)
SELECT a.id, a.title, a.slug, a.lead, a.dateline, a."publishedAt", a.body,
       au.name AS "authorName", au.slug AS "authorSlug", c.name AS "categoryName", c.slug AS "categorySlug",
       (SELECT coalesce(json_agg(json_build_object('name', t.name, 'slug', t.slug) ORDER BY x.position), '[]')
          FROM "ArticleTag" x JOIN "Tag" t ON t.id = x."tagId" WHERE x."articleId" = a.id) AS tags,
       (SELECT coalesce(json_agg(json_build_object('src', i.src, 'caption', i.caption, 'alt', i.alt, 'width', i.width, 'height', i.height)
                                 ORDER BY i.position, i.id), '[]')
          FROM "ArticleImage" i WHERE i."articleId" = a.id) AS images,
       (SELECT coalesce(json_agg(json_build_object('id', r.id, 'title', r.title, 'slug', r.slug, 'publishedAt', r."publishedAt",
                                                   'authorName', ra.name, 'authorSlug', ra.slug) ORDER BY rr.ord), '[]')
          FROM (SELECT * FROM related_articles(ARRAY[a.id], now(), $2, $3, $4, 13, 6)
                               WITH ORDINALITY AS rr("sourceId", "articleId", score, tier, ord) LIMIT 6) rr
          JOIN "Article" r ON r.id = rr."articleId" LEFT JOIN "Author" ra ON ra.id = r."authorId") AS related
FROM target JOIN "Article" a ON a.id = target.id
LEFT JOIN "Author" au ON au.id = a."authorId" LEFT JOIN "Category" c ON c.id = a."categoryId"
WHERE ${VISIBLE}`;

const homeSql = `
SELECT a.id, a.title, a.slug, a.lead, a."publishedAt",
       au.name AS "authorName", au.slug AS "authorSlug", c.name AS "categoryName", c.slug AS "categorySlug",
       (SELECT coalesce(json_agg(json_build_object('name', t.name, 'slug', t.slug) ORDER BY x.position), '[]')
          FROM "ArticleTag" x JOIN "Tag" t ON t.id = x."tagId" WHERE x."articleId" = a.id) AS tags
FROM "Article" a LEFT JOIN "Author" au ON au.id = a."authorId" LEFT JOIN "Category" c ON c.id = a."categoryId"
WHERE ${VISIBLE}
ORDER BY a."publishedAt" DESC, a.id DESC LIMIT 21`;

// Keyset pagination along ArticleTag(tagId, visibleAt DESC, articleId): the cursor is the last
// row's (visibleAt, articleId).
const tagSql = `
WITH t AS (SELECT id, name, slug FROM "Tag" WHERE slug = $1)
SELECT t.name AS "tagName", t.slug AS "tagSlug", p.*
FROM t LEFT JOIN LATERAL (
  SELECT a.id, a.title, a.slug, a.lead, a."publishedAt", x."visibleAt",
         au.name AS "authorName", au.slug AS "authorSlug", c.name AS "categoryName", c.slug AS "categorySlug"
  FROM "ArticleTag" x JOIN "Article" a ON a.id = x."articleId"
  LEFT JOIN "Author" au ON au.id = a."authorId" LEFT JOIN "Category" c ON c.id = a."categoryId"
  WHERE x."tagId" = t.id AND x."visibleAt" <= now()
    AND ($2::timestamptz IS NULL OR (x."visibleAt", x."articleId") < ($2::timestamptz, $3::int))
  ORDER BY x."visibleAt" DESC, x."articleId" DESC LIMIT 21
) p ON true`;

// The previous and next days are one row per section of the scope (a LATERAL LIMIT 1 along
// Article(categoryId, status, publishedAt, id)): a min()/max() over the whole scope read every
// later article of the section (2,797 rows at 10k; 22.7 ms of PostgreSQL CPU a request at 1M).
const archiveSql = `
WITH section AS (SELECT id FROM "Category" WHERE slug = $1),
scope AS (SELECT id FROM section UNION SELECT c.id FROM "Category" c JOIN section s ON c."parentId" = s.id),
day AS (
  SELECT a.* FROM "Article" a
  WHERE a."categoryId" IN (SELECT id FROM scope) AND ${VISIBLE} AND a."publishedAt" >= $2 AND a."publishedAt" < $3
)
SELECT EXISTS (SELECT 1 FROM section) AS found,
       (SELECT count(*)::int FROM day) AS "totalCount",
       (SELECT coalesce(json_agg(json_build_object('id', p.id, 'title', p.title, 'slug', p.slug, 'publishedAt', p."publishedAt",
                                                   'authorName', p."authorName", 'authorSlug', p."authorSlug")
                                 ORDER BY p."publishedAt" DESC, p.id DESC), '[]')
          FROM (SELECT d.id, d.title, d.slug, d."publishedAt", au.name AS "authorName", au.slug AS "authorSlug"
                FROM day d LEFT JOIN "Author" au ON au.id = d."authorId"
                ORDER BY d."publishedAt" DESC, d.id DESC LIMIT 20) p) AS articles,
       (SELECT max(p.at) FROM scope s CROSS JOIN LATERAL (
          SELECT a."publishedAt" AS at FROM "Article" a
          WHERE a."categoryId" = s.id AND a.status = 'PUBLISHED' AND a."publishedAt" < $2
          ORDER BY a."publishedAt" DESC LIMIT 1) p) AS previous,
       (SELECT min(n.at) FROM scope s CROSS JOIN LATERAL (
          SELECT a."publishedAt" AS at FROM "Article" a
          WHERE a."categoryId" = s.id AND ${VISIBLE} AND a."publishedAt" >= $3
          ORDER BY a."publishedAt" ASC LIMIT 1) n) AS next`;

interface Block {
  kind?: string;
  text?: string;
}

function bodyBlocks(body: unknown): { kind: string; text: string }[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((block: string | Block) => {
    if (typeof block === 'string') return [{ kind: 'PARAGRAPH', text: block }];
    if (block && typeof block === 'object' && typeof block.text === 'string') {
      return [{ kind: block.kind === 'HEADING' || block.kind === 'QUOTE' ? block.kind : 'PARAGRAPH', text: block.text }];
    }
    return [];
  });
}

// json_build_object renders timestamptz as text; node-postgres gives columns as Date.
const instant = (value: string | Date) => (value instanceof Date ? value : new Date(value));

async function articlePage(slug: string) {
  const { rows } = await pool.query(articleSql, [
    slug,
    defaultRelatedWeights.sameCategoryBonus,
    defaultRelatedWeights.halfLifeDays,
    NEIGHBOURS_PER_TAG,
  ]);
  const a = rows[0];
  if (!a) return { article: null };
  return {
    article: {
      id: globalId('Article', a.id),
      title: a.title,
      slug: a.slug,
      url: articleUrl(a.slug),
      lead: a.lead,
      dateline: a.dateline,
      publishedAt: toLocalIsoString(a.publishedAt),
      publishedAtText: formatPrintedDateTime(a.publishedAt),
      body: bodyBlocks(a.body),
      author: a.authorName === null ? null : { name: a.authorName, slug: a.authorSlug, url: `/tac-gia/${a.authorSlug}` },
      category: a.categoryName === null ? null : { name: a.categoryName, slug: a.categorySlug, url: `/chuyen-muc/${a.categorySlug}` },
      tags: a.tags.map((t: { name: string; slug: string }) => ({ name: t.name, slug: t.slug, url: `/tag/${t.slug}` })),
      images: a.images.map((i: Record<string, unknown>) => ({ ...i, alt: i.alt ?? i.caption })),
      relatedArticles: a.related.map(
        (r: { id: number; title: string; slug: string; publishedAt: string; authorName: string | null; authorSlug: string | null }) => ({
          id: globalId('Article', r.id),
          title: r.title,
          url: articleUrl(r.slug),
          publishedAtText: formatPrintedDateTime(instant(r.publishedAt)),
          author: authorOf(r.authorName, r.authorSlug),
        }),
      ),
    },
  };
}

const cursorOf = (visibleAt: Date, id: number) => Buffer.from(`${visibleAt.toISOString()}|${id}`).toString('base64url');

async function homePage() {
  const { rows } = await pool.query(homeSql);
  const page = rows.slice(0, 20);
  return {
    articles: {
      pageInfo: { hasNextPage: rows.length > 20, endCursor: page.length ? cursorOf(page.at(-1)!.publishedAt, page.at(-1)!.id) : null },
      edges: page.map((a) => ({
        node: {
          id: globalId('Article', a.id),
          title: a.title,
          url: articleUrl(a.slug),
          lead: a.lead,
          publishedAt: toLocalIsoString(a.publishedAt),
          publishedAtText: formatPrintedDateTime(a.publishedAt),
          author: authorOf(a.authorName, a.authorSlug),
          category: categoryOf(a.categoryName, a.categorySlug),
          tags: a.tags.map((t: { name: string; slug: string }) => ({ name: t.name, url: `/tag/${t.slug}` })),
        },
      })),
    },
  };
}

async function tagPage(slug: string, after: string | null) {
  let afterAt: string | null = null;
  let afterId: number | null = null;
  if (after) {
    const [at, id] = Buffer.from(after, 'base64url').toString().split('|');
    afterAt = at ?? null;
    afterId = Number(id);
  }
  const { rows } = await pool.query(tagSql, [slug, afterAt, afterId]);
  if (rows.length === 0) return { tag: null };
  const page = rows.filter((row) => row.id !== null).slice(0, 20);
  return {
    tag: {
      name: rows[0].tagName,
      slug: rows[0].tagSlug,
      articles: {
        pageInfo: {
          hasNextPage: rows.filter((row) => row.id !== null).length > 20,
          endCursor: page.length ? cursorOf(page.at(-1)!.visibleAt, page.at(-1)!.id) : null,
        },
        edges: page.map((a) => ({
          node: {
            id: globalId('Article', a.id),
            title: a.title,
            url: articleUrl(a.slug),
            lead: a.lead,
            publishedAtText: formatPrintedDateTime(a.publishedAt),
            author: authorOf(a.authorName, a.authorSlug),
            category: categoryOf(a.categoryName, a.categorySlug),
          },
        })),
      },
    },
  };
}

async function archivePage(date: string, category: string) {
  const day = parseLocalDate(date);
  if (!day) throw new Error(`bad date ${date}`);
  const { start, end } = localDayRange(day);
  const { rows } = await pool.query(archiveSql, [category, start, end]);
  const r = rows[0]!;
  if (!r.found) return { dailyArchive: null };
  return {
    dailyArchive: {
      date,
      totalCount: r.totalCount,
      articles: {
        edges: r.articles.map(
          (a: { id: number; title: string; slug: string; publishedAt: string; authorName: string | null; authorSlug: string | null }) => ({
            node: {
              id: globalId('Article', a.id),
              title: a.title,
              url: articleUrl(a.slug),
              publishedAtText: formatPrintedDateTime(instant(a.publishedAt)),
              author: authorOf(a.authorName, a.authorSlug),
            },
          }),
        ),
      },
      previousDay: r.previous ? { date: formatLocalDate(localDateOf(r.previous)) } : null,
      nextDay: r.next ? { date: formatLocalDate(localDateOf(r.next)) } : null,
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://raw');
  const p = url.searchParams;
  let work: Promise<unknown>;
  switch (url.pathname) {
    case '/health':
      return send(res, 200, { ok: true });
    case '/article':
      work = articlePage(p.get('slug') ?? '');
      break;
    case '/home':
      work = homePage();
      break;
    case '/tag':
      work = tagPage(p.get('slug') ?? '', p.get('after'));
      break;
    case '/archive':
      work = archivePage(p.get('date') ?? '', p.get('category') ?? '');
      break;
    default:
      return send(res, 404, { errors: [{ message: 'not found' }] });
  }
  work.then(
    (data) => send(res, 200, { data }),
    (error: unknown) => send(res, 500, { errors: [{ message: String(error) }] }),
  );
});

server.listen(port, host, () => console.log(`raw SQL server at http://${host}:${port}`));
const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
