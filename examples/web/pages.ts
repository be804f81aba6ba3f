/**
 * The reference page's HTML, from the gateway's answers: template strings, every value escaped.
 * Laid out like the seed page (../shared/seed): headline, printed time, dateline and lead,
 * the captioned picture, body, byline, tags, "Các tin khác", and "Xem các tin đã đưa ngày" with
 * its date picker; the NewsArticle JSON-LD and the canonical/Open Graph tags in the head.
 */
import type { ArchiveCalendarQuery, ArticleHeadQuery, ArticlePageQuery, DailyArchivePageQuery } from '../generated/graphql.js';

type Article = NonNullable<ArticlePageQuery['article']>;
type Head = NonNullable<ArticleHeadQuery['article']>;
type Calendar = NonNullable<ArchiveCalendarQuery['archiveCalendar']>;
type Day = NonNullable<DailyArchivePageQuery['dailyArchive']>;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text and attribute values. */
export const esc = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
/** JSON inside <script>: nothing in it may close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `body{font:16px/1.5 Arial,sans-serif;max-width:760px;margin:0 auto;padding:0 12px;color:#222}
h1{font-size:26px;line-height:1.25;margin:16px 0 4px}a{color:#0b4ea2;text-decoration:none}
.time{color:#666;font-size:13px}.lead{font-weight:bold}figure{margin:16px 0}img{max-width:100%;height:auto}
figcaption{font-style:italic;color:#555;font-size:14px;text-align:center}.byline{text-align:right;font-weight:bold}
.tags a{margin-right:8px}section{border-top:2px solid #0b4ea2;margin-top:24px}h2{font-size:18px;color:#0b4ea2}
.related li,.day li{margin:6px 0}.calendar{display:grid;grid-template-columns:repeat(7,1fr);gap:2px;max-width:320px}
.calendar span,.calendar a{text-align:center;padding:2px;font-size:13px}.calendar a{background:#e8f0fb}`;

function layout(title: string, head: string, main: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>${head}<style>${STYLE}</style></head>
<body><main>${main}</main></body></html>`;
}

/** "2024-03-04" → "4/3/2024", as Vietnamese pages print a day. */
const printedDay = (date: string) => {
  const [year, month, day] = date.split('-').map(Number);
  return `${day}/${month}/${year}`;
};

export interface Picker {
  /** The day shown, "YYYY-MM-DD". */
  date: string;
  /** The section "Chuyên mục này" means, if any. */
  category: { slug: string; name: string } | null;
  /** Whether the day's list is in that section only. */
  inCategory: boolean;
  calendar: Calendar | null;
}

/** "Xem các tin đã đưa ngày": a date input, the section choice, and the month's days with articles. */
function archivePicker({ date, category, inCategory, calendar }: Picker): string {
  const query = (slug: string | null) => (slug ? `?chuyen-muc=${encodeURIComponent(slug)}` : '');
  const calendarSlug = inCategory && category ? category.slug : null;
  const counts = new Map(calendar?.days.map((day) => [day.date, day.articleCount]) ?? []);
  const [year, month] = date.split('-').map(Number) as [number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // Monday first; getUTCDay: 0 is Sunday.
  const offset = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  const cells = [...['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'].map((d) => `<span>${d}</span>`), ...Array(offset).fill('<span></span>')];
  for (let day = 1; day <= daysInMonth; day++) {
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const count = counts.get(iso);
    cells.push(
      count ? `<a href="/ngay/${iso}${query(calendarSlug)}" title="${count} tin" data-date="${iso}">${day}</a>` : `<span>${day}</span>`,
    );
  }
  return `<section class="archive"><h2>Xem các tin đã đưa ngày:</h2>
<form method="get" action="/ngay">
<input type="date" name="ngay" value="${esc(date)}" required>
<span>Tin trong:</span>
${
  category
    ? `<label><input type="radio" name="chuyen-muc" value="${esc(category.slug)}"${inCategory ? ' checked' : ''}> Chuyên mục này</label>`
    : ''
}
<label><input type="radio" name="chuyen-muc" value=""${inCategory && category ? '' : ' checked'}> Mọi chuyên mục</label>
<button type="submit">Xem</button>
</form>
<p>Tháng ${month}/${year}${calendar?.category ? ` · ${esc(calendar.category.name)}` : ''}:</p>
<div class="calendar">${cells.join('')}</div></section>`;
}

/** A picture with its renditions: AVIF and WebP sources, a JPEG fallback, the caption under it. */
function figure(image: Article['images'][number], renditions: Head['images'][number] | undefined, mediaOrigin: string): string {
  const absolute = (srcset: string) =>
    srcset
      .split(',')
      .map((entry) => {
        const [url, width] = entry.trim().split(/\s+/);
        return `${new URL(url!, mediaOrigin).toString()}${width ? ` ${width}` : ''}`;
      })
      .join(', ');
  const original = renditions?.fallback ?? image.src;
  if (!original) return image.caption ? `<figure><figcaption>${esc(image.caption)}</figcaption></figure>` : '';
  const src = new URL(original, mediaOrigin).toString();
  const sizes = '(max-width: 760px) 100vw, 760px';
  return `<figure><picture>
${renditions?.avif ? `<source type="image/avif" srcset="${esc(absolute(renditions.avif))}" sizes="${sizes}">` : ''}
${renditions?.webp ? `<source type="image/webp" srcset="${esc(absolute(renditions.webp))}" sizes="${sizes}">` : ''}
<img src="${esc(src)}" alt="${esc(image.alt ?? image.caption ?? '')}"${image.width ? ` width="${image.width}" height="${image.height}"` : ''}>
</picture>${image.caption ? `<figcaption>${esc(image.caption)}</figcaption>` : ''}</figure>`;
}

export function articlePage(article: Article, head: Head | null, picker: Picker, mediaOrigin: string): string {
  const seo = head?.seo;
  const headTags = [
    seo ? `<link rel="canonical" href="${esc(seo.canonicalUrl)}"><meta name="description" content="${esc(seo.description)}">` : '',
    seo
      ? `<meta property="og:title" content="${esc(seo.openGraph.title)}"><meta property="og:type" content="${esc(seo.openGraph.type)}">`
      : '',
    head?.structuredData ? `<script type="application/ld+json">${scriptJson(head.structuredData)}</script>` : '',
  ].join('\n');
  const [picture, ...others] = article.images;
  const main = `<article>
<h1>${esc(article.title)}</h1>
<p class="time">• Cập nhật: <time datetime="${esc(article.publishedAt)}">${esc(article.publishedAtText)}</time></p>
<p class="lead">${article.dateline ? `<span class="dateline">${esc(article.dateline)}</span> - ` : ''}${esc(article.lead)}</p>
${picture ? figure(picture, head?.images[0], mediaOrigin) : ''}
<div class="body">${article.body.map((block) => `<p>${esc(block.text)}</p>`).join('\n')}</div>
${others.map((image, i) => figure(image, head?.images[i + 1], mediaOrigin)).join('\n')}
${article.author ? `<p class="byline">${esc(article.author.name)}</p>` : ''}
<p class="tags">Tags ${article.tags.map((tag) => `<a href="${esc(tag.url)}">${esc(tag.name)}</a>`).join(' ')}</p>
</article>
<section class="related"><h2>Các tin khác</h2><ul>
${article.relatedArticles.map((other) => `<li><a href="${esc(other.url)}">${esc(other.title)}</a> <span class="time">${esc(other.publishedAtText)}</span></li>`).join('\n')}
</ul></section>
${archivePicker(picker)}`;
  return layout(article.title, headTags, main);
}

export function dayPage(day: Day, picker: Picker): string {
  const where = day.category ? esc(day.category.name) : 'mọi chuyên mục';
  const link = (date: string | undefined) =>
    date ? `/ngay/${date}${picker.inCategory && picker.category ? `?chuyen-muc=${encodeURIComponent(picker.category.slug)}` : ''}` : null;
  const previous = link(day.previousDay?.date);
  const next = link(day.nextDay?.date);
  const main = `<h1>Các tin đã đưa ngày ${printedDay(day.date)}</h1>
<p class="time">${day.totalCount} tin trong ${where}</p>
<ul class="day">
${day.articles.edges.map(({ node }) => `<li><a href="${esc(node.url)}">${esc(node.title)}</a> <span class="time">${esc(node.publishedAtText)}${node.category ? ` · ${esc(node.category.name)}` : ''}</span></li>`).join('\n')}
</ul>
<p>${previous ? `<a href="${previous}" rel="prev">« ${printedDay(day.previousDay!.date)}</a>` : ''} ${next ? `<a href="${next}" rel="next">${printedDay(day.nextDay!.date)} »</a>` : ''}</p>
${archivePicker(picker)}`;
  return layout(`Tin ngày ${printedDay(day.date)}`, '', main);
}

export function errorPage(status: number, message: string): string {
  return layout(`${status}`, '', `<h1>${status}</h1><p>${esc(message)}</p><p><a href="/">Trang chủ</a></p>`);
}
