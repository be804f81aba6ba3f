/**
 * Feeds and sitemaps as text: RSS 2.0, Atom 1.0, the sitemaps.org index and URL sets, and
 * Google News sitemaps. Pure functions of plain records; every text is XML-escaped, every
 * time carries the newsroom's +07:00 (RSS's RFC 822 dates "+0700").
 */
import { toLocalIsoString } from '../domain/local-time.js';

export interface FeedArticle {
  /** Canonical URL: the item's link and id. */
  url: string;
  title: string;
  lead: string;
  publishedAt: Date;
  updatedAt: Date;
  author: string | null;
  categories: string[];
}

export interface FeedChannel {
  title: string;
  /** The page the feed follows (front page, section or tag page). */
  link: string;
  /** This feed's own URL. */
  self: string;
  description: string;
  /** The publisher, Atom's author of entries that name none. */
  publisher: string;
}

/** Text escaped for XML content and attribute values; characters XML 1.0 forbids dropped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 822 as RSS wants it, in newsroom time: "Mon, 04 Mar 2024 14:26:47 +0700". */
export function rfc822(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${WEEKDAYS[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} +0700`
  );
}

const newest = (articles: FeedArticle[]) =>
  articles.reduce<Date | null>((latest, a) => (!latest || a.updatedAt > latest ? a.updatedAt : latest), null);

export function rssFeed(channel: FeedChannel, articles: FeedArticle[], now: Date): string {
  const items = articles.map(
    (a) =>
      `    <item>\n` +
      `      <title>${xmlEscape(a.title)}</title>\n` +
      `      <link>${xmlEscape(a.url)}</link>\n` +
      `      <guid isPermaLink="true">${xmlEscape(a.url)}</guid>\n` +
      `      <description>${xmlEscape(a.lead)}</description>\n` +
      `      <pubDate>${rfc822(a.publishedAt)}</pubDate>\n` +
      (a.author ? `      <dc:creator>${xmlEscape(a.author)}</dc:creator>\n` : '') +
      a.categories.map((c) => `      <category>${xmlEscape(c)}</category>\n`).join('') +
      `    </item>\n`,
  );
  return (
    DECLARATION +
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">\n` +
    `  <channel>\n` +
    `    <title>${xmlEscape(channel.title)}</title>\n` +
    `    <link>${xmlEscape(channel.link)}</link>\n` +
    `    <description>${xmlEscape(channel.description)}</description>\n` +
    `    <language>vi</language>\n` +
    `    <lastBuildDate>${rfc822(newest(articles) ?? now)}</lastBuildDate>\n` +
    `    <atom:link href="${xmlEscape(channel.self)}" rel="self" type="application/rss+xml"/>\n` +
    items.join('') +
    `  </channel>\n</rss>\n`
  );
}

export function atomFeed(channel: FeedChannel, articles: FeedArticle[], now: Date): string {
  const entries = articles.map(
    (a) =>
      `  <entry>\n` +
      `    <id>${xmlEscape(a.url)}</id>\n` +
      `    <title>${xmlEscape(a.title)}</title>\n` +
      `    <link rel="alternate" type="text/html" href="${xmlEscape(a.url)}"/>\n` +
      `    <published>${toLocalIsoString(a.publishedAt)}</published>\n` +
      `    <updated>${toLocalIsoString(a.updatedAt)}</updated>\n` +
      `    <author><name>${xmlEscape(a.author ?? channel.publisher)}</name></author>\n` +
      `    <summary>${xmlEscape(a.lead)}</summary>\n` +
      a.categories.map((c) => `    <category term="${xmlEscape(c)}"/>\n`).join('') +
      `  </entry>\n`,
  );
  return (
    DECLARATION +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">\n` +
    `  <id>${xmlEscape(channel.self)}</id>\n` +
    `  <title>${xmlEscape(channel.title)}</title>\n` +
    `  <subtitle>${xmlEscape(channel.description)}</subtitle>\n` +
    `  <updated>${toLocalIsoString(newest(articles) ?? now)}</updated>\n` +
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(channel.self)}"/>\n` +
    `  <link rel="alternate" type="text/html" href="${xmlEscape(channel.link)}"/>\n` +
    `  <author><name>${xmlEscape(channel.publisher)}</name></author>\n` +
    entries.join('') +
    `</feed>\n`
  );
}

export function sitemapIndex(sitemaps: { url: string; lastModified: Date | null }[]): string {
  return (
    DECLARATION +
    `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n` +
    sitemaps
      .map(
        (s) =>
          `  <sitemap>\n    <loc>${xmlEscape(s.url)}</loc>\n` +
          (s.lastModified ? `    <lastmod>${toLocalIsoString(s.lastModified)}</lastmod>\n` : '') +
          `  </sitemap>\n`,
      )
      .join('') +
    `</sitemapindex>\n`
  );
}

export function urlSet(pages: { url: string; lastModified: Date }[]): string {
  return (
    DECLARATION +
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n` +
    pages
      .map((p) => `  <url>\n    <loc>${xmlEscape(p.url)}</loc>\n    <lastmod>${toLocalIsoString(p.lastModified)}</lastmod>\n  </url>\n`)
      .join('') +
    `</urlset>\n`
  );
}

/** A Google News sitemap: the articles of the last 48 hours, with the publication's name and language. */
export function newsSitemap(publication: string, articles: Pick<FeedArticle, 'url' | 'title' | 'publishedAt'>[]): string {
  return (
    DECLARATION +
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n` +
    articles
      .map(
        (a) =>
          `  <url>\n    <loc>${xmlEscape(a.url)}</loc>\n    <news:news>\n` +
          `      <news:publication>\n        <news:name>${xmlEscape(publication)}</news:name>\n        <news:language>vi</news:language>\n      </news:publication>\n` +
          `      <news:publication_date>${toLocalIsoString(a.publishedAt)}</news:publication_date>\n` +
          `      <news:title>${xmlEscape(a.title)}</news:title>\n    </news:news>\n  </url>\n`,
      )
      .join('') +
    `</urlset>\n`
  );
}
