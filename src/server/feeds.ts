/**
 * Feeds and sitemaps, served from the same published articles as the GraphQL lists:
 *
 *   /feeds/rss.xml, /feeds/atom.xml                              the front page (50 newest)
 *   /feeds/chuyen-muc/{section}/rss.xml | atom.xml               a section, its subsections included
 *   /feeds/tag/{tag}/rss.xml | atom.xml                          a tag
 *   /sitemap.xml                                                 index: the news sitemap and one per month
 *   /sitemaps/articles-YYYY-MM.xml                               a month's articles (newsroom time)
 *   /sitemaps/news.xml                                           Google News: the last 48 hours
 *
 * Links (items, `self`, the index's sitemaps) are on SITE_URL: the site routes /feeds/,
 * /sitemap.xml and /sitemaps/ to the gateway (sitemaps must sit on the host whose URLs they list).
 *
 * Each answer carries the GraphQL lists' cache tags (`List:Article`, and the section's or
 * tag's entity tag) in `Surrogate-Key`/`Cache-Tag`, so the purge a publication sends (through
 * PURGE_WEBHOOK_URL) reaches the CDN's copies too; the gateway itself keeps none. `ETag` is the
 * body's hash and `Last-Modified` its newest article's update, both answered with 304.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { LIST_ARTICLE } from '../cache/tags.js';
import type { Database } from '../db/database.js';
import { inSection, JOINED, newestFirst, publicSql, visibleArticles, visibleCategories, visibleTags } from '../db/visibility.js';
import { canonicalArticleUrl } from '../domain/structured-data.js';
import { daysInMonth, localDayRange } from '../domain/local-time.js';
import { ErrorCode, errorCatalogue, refusalBody } from '../errors/catalogue.js';
import { cacheControlFor } from './http-caching.js';
import { atomFeed, newsSitemap, rssFeed, sitemapIndex, urlSet, type FeedArticle } from '../feeds/formats.js';
import type { Prisma } from '../generated/prisma/client.js';

export const FEED_SIZE = 50;
/** sitemaps.org's limit per file; Google News' is 1000. */
const SITEMAP_SIZE = 50_000;
const NEWS_SITEMAP_SIZE = 1000;
const NEWS_WINDOW_MS = 48 * 3_600_000;

const TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
};

interface XmlAnswer {
  body: string;
  type: string;
  lastModified: Date | null;
  tags: string[];
}

const FEED_SELECT = {
  id: true,
  slug: true,
  title: true,
  lead: true,
  publishedAt: true,
  updatedAt: true,
  author: { select: { name: true } },
  category: { select: { name: true, slug: true } },
  tags: { orderBy: { position: 'asc' }, select: { tag: { select: { name: true } } } },
} as const satisfies Prisma.ArticleSelect;

export function feedsPlugin(config: Config, db: Database): Plugin {
  const prisma = db.prisma;
  const site = config.site;

  async function feedArticles(where: Prisma.ArticleWhereInput, now: Date): Promise<FeedArticle[]> {
    const rows = await prisma.article.findMany({
      ...JOINED,
      where: { AND: [visibleArticles({ now }), where] },
      orderBy: newestFirst,
      take: FEED_SIZE,
      select: FEED_SELECT,
    });
    return rows.map((row) => ({
      url: canonicalArticleUrl(site, row),
      title: row.title,
      lead: row.lead,
      publishedAt: row.publishedAt!,
      updatedAt: row.updatedAt,
      author: row.author?.name ?? null,
      categories: [...(row.category ? [row.category.name] : []), ...row.tags.map((t) => t.tag.name)],
    }));
  }

  async function feed(kind: 'rss' | 'atom', scope: string[], selfPath: string, now: Date): Promise<XmlAnswer | null> {
    let title = site.name;
    let link = site.url;
    let where: Prisma.ArticleWhereInput = {};
    const tags = [LIST_ARTICLE];
    if (scope[0] === 'chuyen-muc') {
      // A section or tag with no public article is unknown to readers, as in GraphQL.
      const category = await prisma.category.findFirst({
        where: { slug: scope[1]!, ...visibleCategories({ now }) },
        select: { id: true, name: true, slug: true },
      });
      if (!category) return null;
      title = `${category.name} – ${site.name}`;
      link = `${site.url}/chuyen-muc/${encodeURIComponent(category.slug)}`;
      where = inSection(category.id);
      tags.push(`Category:${encodeGlobalID('Category', category.id)}`);
    } else if (scope[0] === 'tag') {
      const tag = await prisma.tag.findFirst({
        where: { slug: scope[1]!, ...visibleTags({ now }) },
        select: { id: true, name: true, slug: true },
      });
      if (!tag) return null;
      title = `${tag.name} – ${site.name}`;
      link = `${site.url}/tag/${encodeURIComponent(tag.slug)}`;
      where = { tags: { some: { tagId: tag.id } } };
      tags.push(`Tag:${encodeGlobalID('Tag', tag.id)}`);
    }
    const articles = await feedArticles(where, now);
    const channel = { title, link, self: `${site.url}${selfPath}`, description: title, publisher: site.name };
    return {
      body: kind === 'rss' ? rssFeed(channel, articles, now) : atomFeed(channel, articles, now),
      type: TYPES[kind],
      lastModified: articles.reduce<Date | null>((latest, a) => (!latest || a.updatedAt > latest ? a.updatedAt : latest), null),
      tags,
    };
  }

  async function index(now: Date): Promise<XmlAnswer> {
    // Months in newsroom time (UTC+7, no daylight saving), newest first.
    const months = await prisma.$queryRaw<{ month: string; last: Date }[]>`
      SELECT to_char((a."publishedAt" AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM') AS month, max(a."updatedAt") AS last
      FROM "Article" a WHERE ${publicSql('a', now)}
      GROUP BY 1 ORDER BY 1 DESC`;
    const base = site.url;
    const lastModified = months.reduce<Date | null>((latest, m) => (!latest || m.last > latest ? m.last : latest), null);
    return {
      body: sitemapIndex([
        { url: `${base}/sitemaps/news.xml`, lastModified },
        ...months.map((m) => ({ url: `${base}/sitemaps/articles-${m.month}.xml`, lastModified: m.last })),
      ]),
      type: TYPES.xml,
      lastModified,
      tags: [LIST_ARTICLE],
    };
  }

  async function month(year: number, monthNumber: number, now: Date): Promise<XmlAnswer> {
    const start = localDayRange({ year, month: monthNumber, day: 1 }).start;
    const end = localDayRange({ year, month: monthNumber, day: daysInMonth(year, monthNumber) }).end;
    const rows = await prisma.article.findMany({
      ...JOINED,
      where: { AND: [visibleArticles({ now }), { publishedAt: { gte: start, lt: end } }] },
      orderBy: newestFirst,
      take: SITEMAP_SIZE,
      select: { id: true, slug: true, updatedAt: true, category: { select: { slug: true } } },
    });
    return {
      body: urlSet(rows.map((row) => ({ url: canonicalArticleUrl(site, row), lastModified: row.updatedAt }))),
      type: TYPES.xml,
      lastModified: rows.reduce<Date | null>((latest, r) => (!latest || r.updatedAt > latest ? r.updatedAt : latest), null),
      tags: [LIST_ARTICLE],
    };
  }

  async function news(now: Date): Promise<XmlAnswer> {
    const rows = await prisma.article.findMany({
      ...JOINED,
      where: { AND: [visibleArticles({ now }), { publishedAt: { gte: new Date(now.getTime() - NEWS_WINDOW_MS) } }] },
      orderBy: newestFirst,
      take: NEWS_SITEMAP_SIZE,
      select: { id: true, slug: true, title: true, publishedAt: true, updatedAt: true, category: { select: { slug: true } } },
    });
    return {
      body: newsSitemap(
        site.name,
        rows.map((row) => ({ url: canonicalArticleUrl(site, row), title: row.title, publishedAt: row.publishedAt! })),
      ),
      type: TYPES.xml,
      lastModified: rows.reduce<Date | null>((latest, r) => (!latest || r.updatedAt > latest ? r.updatedAt : latest), null),
      tags: [LIST_ARTICLE],
    };
  }

  /** What a path names; null when it names nothing. */
  function route(pathname: string, now: Date): Promise<XmlAnswer | null> {
    if (pathname === '/sitemap.xml') return index(now);
    if (pathname === '/sitemaps/news.xml') return news(now);
    const monthly = /^\/sitemaps\/articles-(\d{4})-(\d{2})\.xml$/.exec(pathname);
    if (monthly) {
      const [year, monthNumber] = [Number(monthly[1]), Number(monthly[2])];
      return monthNumber >= 1 && monthNumber <= 12 && year >= 1900 && year <= 2999 ? month(year, monthNumber, now) : Promise.resolve(null);
    }
    const feedPath = /^\/feeds\/(?:(chuyen-muc|tag)\/([a-z0-9-]{1,200})\/)?(rss|atom)\.xml$/.exec(pathname);
    if (feedPath) {
      const scope = feedPath[1] ? [feedPath[1], feedPath[2]!] : [];
      return feed(feedPath[3] as 'rss' | 'atom', scope, pathname, now);
    }
    return Promise.resolve(null);
  }

  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      const { pathname } = url;
      if (pathname !== '/sitemap.xml' && !pathname.startsWith('/feeds/') && !pathname.startsWith('/sitemaps/')) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(
          new fetchAPI.Response(refusalBody(ErrorCode.METHOD_NOT_ALLOWED, 'Feeds answer GET and HEAD'), {
            status: errorCatalogue.METHOD_NOT_ALLOWED.status ?? 405,
            headers: { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD' },
          }),
        );
      }
      return (async () => {
        const xml = await route(pathname, new Date());
        if (!xml) {
          return endResponse(
            new fetchAPI.Response(refusalBody(ErrorCode.NOT_FOUND, 'No such feed or sitemap'), {
              status: errorCatalogue.NOT_FOUND.status ?? 404,
              headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
            }),
          );
        }
        const etag = `"${createHash('sha256').update(xml.body).digest('base64url').slice(0, 27)}"`;
        const headers: Record<string, string> = {
          'content-type': xml.type,
          'cache-control': cacheControlFor(config),
          etag,
          'surrogate-key': xml.tags.join(' '),
          'cache-tag': xml.tags.join(','),
          'x-content-type-options': 'nosniff',
        };
        if (xml.lastModified) headers['last-modified'] = xml.lastModified.toUTCString();
        const ifNoneMatch = request.headers.get('if-none-match');
        const ifModifiedSince = Date.parse(request.headers.get('if-modified-since') ?? '');
        const fresh = ifNoneMatch
          ? ifNoneMatch.split(/\s*,\s*/).some((tag) => tag === etag || tag === `W/${etag}`)
          : Boolean(xml.lastModified) &&
            Number.isFinite(ifModifiedSince) &&
            Math.floor(xml.lastModified!.getTime() / 1000) * 1000 <= ifModifiedSince;
        if (fresh) return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        const body = Buffer.from(xml.body);
        headers['content-length'] = String(body.length);
        endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status: 200, headers }));
      })();
    },
  };
}
