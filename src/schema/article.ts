/**
 * Article: the news story, its fields as the paper prints them, and the queries that find
 * one (`article`) or page through many (`articles`).
 */
import { formatPrintedDateTime } from '../domain/local-time.js';
import { readingTimeMinutes } from '../domain/reading-time.js';
import type { Prisma } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { boundedTotal, COUNT_PRICES, countFields, countPrice } from './counts.js';
import { capped, countArticlesCapped, countPublicArticles, countTagRowsCapped } from '../db/counts.js';
import { tagIdOf } from '../db/tag-ids.js';
import type { GatewayContext } from './context.js';
import { ErrorCode, userError } from './errors.js';
import { ARTICLE_CURSOR, pageSizeOptions } from './pagination.js';
import { Tag } from './tag.js';
import { JOINED, newestFirst, oldestFirst, visibleArticles, visibleTagRows } from '../db/visibility.js';
import { findArticlePage, findTagArticlePage } from '../db/article-pages.js';
import { filterTagRows, filterWhere, type ArticleFilter as ArticleFilterArgs } from '../db/article-filter.js';

export const ArticleStatus = builder.enumType('ArticleStatus', {
  description: 'Editorial state. Readers only ever see PUBLISHED articles.',
  values: {
    DRAFT: { description: 'Being written; visible to editors only.' },
    PUBLISHED: { description: 'Public from `publishedAt` on.' },
    ARCHIVED: { description: 'Withdrawn from the public site.' },
  },
});

const ArticleBlockKind = builder.enumType('ArticleBlockKind', {
  values: {
    PARAGRAPH: { description: 'A paragraph of body text.' },
    HEADING: { description: 'A subheading inside the body.' },
    QUOTE: { description: 'A pulled quote.' },
  },
});

interface ArticleBlockShape {
  kind: 'PARAGRAPH' | 'HEADING' | 'QUOTE';
  text: string;
}

const ArticleBlock = builder.objectRef<ArticleBlockShape>('ArticleBlock').implement({
  description: 'One block of an article body, in reading order.',
  fields: (t) => ({
    kind: t.field({ type: ArticleBlockKind, resolve: (block) => block.kind }),
    text: t.exposeString('text', { description: 'Plain text, NFC, with its Vietnamese diacritics.' }),
  }),
});

/** The body column holds blocks; tolerate bare strings as paragraphs (older imports). */
function bodyBlocks(body: Prisma.JsonValue): ArticleBlockShape[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((block): ArticleBlockShape[] => {
    if (typeof block === 'string') return [{ kind: 'PARAGRAPH', text: block }];
    if (block && typeof block === 'object' && !Array.isArray(block) && typeof block.text === 'string') {
      const kind = block.kind === 'HEADING' || block.kind === 'QUOTE' ? block.kind : 'PARAGRAPH';
      return [{ kind, text: block.text }];
    }
    return [];
  });
}

builder.prismaObject('ArticleImage', {
  description: 'A picture in an article, with its caption, in display order.',
  // Only the columns a query asks for: a card's picture is its src and alt.
  select: { id: true },
  fields: (t) => ({
    src: t.exposeString('src', { nullable: true, description: 'Absolute URL or a path on the media host.' }),
    caption: t.exposeString('caption', { nullable: true }),
    alt: t.string({
      nullable: true,
      description: 'Text alternative; falls back to the caption when not set.',
      select: { alt: true, caption: true },
      resolve: (image) => image.alt ?? image.caption,
    }),
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    position: t.exposeInt('position'),
  }),
});

export const Article = builder.prismaNode('Article', {
  description: 'A news article.',
  id: { field: 'id' },
  // node(id:) on a draft answers null, exactly as for an id that does not exist: node(id:) and
  // nodes(ids:) read under the visibility rule (src/db/nodes-by-id.ts). This where is how
  // Pothos reloads an article already in the response for a field its query left out (a
  // deferred relatedArticles): by id alone, which Prisma batches into one statement for a page
  // of articles (with the rule's range on publishedAt it sent one statement per article).
  nullable: true,
  findUnique: (id) => ({ id: Number(id) }),
  // Load only the columns a query asks for: a front page of titles never reads the bodies.
  select: { id: true },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'URL-safe, derived from the title without diacritics.' }),
    url: t.string({
      description: 'Path of the article page on the public site.',
      select: { slug: true },
      resolve: (article) => `/bai-viet/${article.slug}`,
    }),
    title: t.exposeString('title'),
    lead: t.exposeString('lead', { description: 'The standfirst printed in bold under the title.' }),
    dateline: t.exposeString('dateline', { nullable: true, description: 'Where the story was filed from ("Yên Bái").' }),
    body: t.field({
      type: [ArticleBlock],
      complexity: { field: 1, multiplier: 20 },
      select: { body: true },
      resolve: (article) => bodyBlocks(article.body),
    }),
    status: t.field({ type: ArticleStatus, select: { status: true }, resolve: (article) => article.status }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    publishedAtText: t.string({
      nullable: true,
      description: 'Publication time as the paper prints it: "Thứ hai, 4/3/2024 | 2:26:47 PM" (Asia/Ho_Chi_Minh).',
      select: { publishedAt: true },
      resolve: (article) => (article.publishedAt ? formatPrintedDateTime(article.publishedAt) : null),
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    version: t.exposeInt('version', { description: 'Increases with every editorial change; updateArticle takes it back.' }),
    readingTimeMinutes: t.int({
      description: 'Estimated minutes to read the lead and body at 200 words a minute.',
      select: { lead: true, body: true },
      resolve: (article) => readingTimeMinutes([article.lead, ...bodyBlocks(article.body).map((b) => b.text)]),
    }),
    author: t.relation('author', { nullable: true }),
    category: t.relation('category', { nullable: true }),
    tags: t.field({
      type: [Tag],
      description: 'Tags in the order the editor gave them.',
      complexity: { field: 1, multiplier: 5 },
      // Only the tag itself, as the query selects it: the link rows' own columns (visibleAt,
      // position) would be read and mapped for every card of a list and never shown.
      select: (_args, _ctx, nestedSelection) => ({
        tags: { orderBy: { position: 'asc' }, select: { tag: nestedSelection(true) } },
      }),
      resolve: (article) => article.tags.map((articleTag) => articleTag.tag),
    }),
    images: t.relation('images', { query: { orderBy: { position: 'asc' } }, complexity: { field: 1, multiplier: 3 } }),
  }),
});

/**
 * One connection type for every list of articles (the front page, a tag, an author, a
 * section), so clients write one fragment and one cache policy for all of them.
 */
export const ArticleConnection = builder.connectionObject({
  type: Article,
  name: 'ArticleConnection',
  description: 'A page of articles, newest first unless the field says otherwise.',
  fields: (t) => countFields(t, 'articles'),
});

const ArticleOrder = builder.enumType('ArticleOrder', {
  values: {
    NEWEST_FIRST: { description: 'By publication time, newest first (the default).' },
    OLDEST_FIRST: { description: 'By publication time, oldest first.' },
  },
});

export const ArticleFilter = builder.inputType('ArticleFilter', {
  description: 'Narrows a list of articles. All given conditions must hold.',
  fields: (t) => ({
    tag: t.string({ description: 'Tag slug, e.g. "luc-yen".' }),
    category: t.string({ description: 'Category slug; includes its subcategories.' }),
    author: t.string({ description: 'Author slug, e.g. "duc-toan".' }),
    publishedFrom: t.field({ type: 'DateTime', description: 'Published at or after this instant.' }),
    publishedTo: t.field({ type: 'DateTime', description: 'Published before this instant.' }),
  }),
});

/** Translates the public filter into a Prisma where, always within what readers may see. */
export function articleWhere(ctx: GatewayContext, filter: ArticleFilterArgs | null | undefined): Prisma.ArticleWhereInput {
  if (filter?.publishedFrom && filter.publishedTo && filter.publishedFrom > filter.publishedTo) {
    throw userError(ErrorCode.BAD_USER_INPUT, '"publishedFrom" must not be after "publishedTo"', { argument: 'filter' });
  }
  return { AND: [visibleArticles(ctx), ...filterWhere(filter)] };
}

builder.queryFields((t) => ({
  article: t.prismaField({
    type: 'Article',
    nullable: true,
    description:
      'One published article by slug (current or former: a renamed article keeps its old URLs) or by global id. ' +
      'Unknown or unpublished → null. Editors may pass `preview: true` to see drafts, scheduled and archived articles.',
    args: {
      slug: t.arg.string(),
      id: t.arg.globalID({ for: Article }),
      preview: t.arg.boolean({ defaultValue: false, description: 'Editors only: include articles readers cannot see.' }),
    },
    // A preview is an editor's read: the same auth scope as the editorial API (FORBIDDEN otherwise).
    authScopes: (_root, args) => (args.preview ? { editor: true } : true),
    resolve: async (query, _root, args, ctx) => {
      if ((args.slug == null) === (args.id == null)) {
        throw userError(ErrorCode.BAD_USER_INPUT, 'Give exactly one of "slug" or "id"');
      }
      const visible: Prisma.ArticleWhereInput = args.preview ? {} : visibleArticles(ctx);
      const find = (where: Prisma.ArticleWhereInput) =>
        ctx.prisma.article.findFirst({ ...query, ...JOINED, where: { AND: [where, visible] } });
      if (args.id != null) return Number.isSafeInteger(Number(args.id.id)) ? find({ id: Number(args.id.id) }) : null;
      // The current slug first, through its unique index; a former slug (an alias) only when
      // that finds nothing. One OR over both would read the whole table: PostgreSQL uses no
      // index for an OR with a correlated subquery (a sequential scan, 1M rows at 1M articles).
      const current = await find({ slug: args.slug! });
      if (current) return current;
      const alias = await ctx.prisma.articleSlugAlias.findUnique({ where: { slug: args.slug! }, select: { articleId: true } });
      return alias ? find({ id: alias.articleId }) : null;
    },
  }),
  articles: t.prismaConnection(
    {
      type: 'Article',
      cursor: ARTICLE_CURSOR,
      description: 'Published articles, newest first unless `orderBy` says otherwise.',
      ...pageSizeOptions,
      // Counted like totalCount below: from the counter without a filter, capped with one.
      extensions: countPrice((args) =>
        filterWhere(args.filter as ArticleFilterArgs | null).length === 0 ? COUNT_PRICES.counter : COUNT_PRICES.capped,
      ),
      args: {
        filter: t.arg({ type: ArticleFilter }),
        orderBy: t.arg({ type: ArticleOrder, defaultValue: 'NEWEST_FIRST' }),
      },
      // With a tag, along the tag's own index (ArticleTag(tagId, visibleAt)), as a tag page.
      resolve: async (query, _root, args, ctx) => {
        const where = articleWhere(ctx, args.filter);
        const order = args.orderBy === 'OLDEST_FIRST' ? 'oldest' : 'newest';
        if (!args.filter?.tag) return findArticlePage(ctx.prisma, query, where, order === 'oldest' ? oldestFirst : newestFirst);
        const tagId = await tagIdOf(ctx.prisma, args.filter.tag);
        if (tagId === null) return [];
        return findTagArticlePage(ctx.prisma, query, { AND: [filterTagRows(tagId, args.filter), visibleTagRows(ctx)] }, order);
      },
      // Unfiltered: the corpus counter; filtered: counted up to the cap (a tag's rows along its index).
      totalCount: async (_root, args, ctx) => {
        const where = articleWhere(ctx, args.filter);
        if (args.filter?.tag) {
          const tagId = await tagIdOf(ctx.prisma, args.filter.tag);
          if (tagId === null) return boundedTotal(Promise.resolve(capped(0)));
          return boundedTotal(countTagRowsCapped(ctx.prisma, { AND: [filterTagRows(tagId, args.filter), visibleTagRows(ctx)] }));
        }
        return boundedTotal(
          filterWhere(args.filter).length === 0
            ? countPublicArticles(ctx.prisma, { all: true }, ctx.now)
            : countArticlesCapped(ctx.prisma, where),
        );
      },
    },
    ArticleConnection,
  ),
}));

export { newestFirst };
