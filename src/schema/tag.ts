/** Tag: a topic or place ("Lục Yên", "dân vận khéo"), and the tag page's article list. */
import { ArticleConnection } from './article.js';
import { builder } from './builder.js';
import { ARTICLE_CURSOR, pageSizeOptions } from './pagination.js';
import { boundedTotal, COUNT_PRICES, countFields, countPrice } from './counts.js';
import { countPublicArticles, countTagsCapped } from '../db/counts.js';
import { findTagArticlePage } from '../db/article-pages.js';
import { visibleTagRows, visibleTags } from '../db/visibility.js';

export const Tag = builder.prismaNode('Tag', {
  description: 'A topic, place or person that articles are tagged with.',
  id: { field: 'id' },
  nullable: true,
  // A tag used only by hidden articles answers null, as an unknown one: node(id:) reads under
  // the visibility rule (src/db/nodes-by-id.ts). This where is Pothos' reload of a row already
  // shown, by id alone so that Prisma batches a list's reloads into one statement.
  findUnique: (id) => ({ id: Number(id) }),
  // Only the columns a query asks for: the cards of a list read each tag's name and slug, not
  // its counters.
  select: { id: true },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Name without diacritics: "Lục Yên" → "luc-yen".' }),
    name: t.exposeString('name', { description: 'Display name with diacritics.' }),
    url: t.string({ select: { slug: true }, resolve: (tag) => `/tag/${tag.slug}` }),
  }),
});

const TagConnection = builder.connectionObject({
  type: Tag,
  name: 'TagConnection',
  fields: (t) => countFields(t, 'tags'),
});

// Added after the type so Tag's own type does not depend on Article's (they refer to each other).
builder.prismaObjectField(Tag, 'articles', (t) =>
  t.prismaConnection(
    {
      type: 'Article',
      cursor: ARTICLE_CURSOR,
      description: 'Published articles with this tag, newest first.',
      ...pageSizeOptions,
      extensions: countPrice(COUNT_PRICES.counter),
      // Along the tag's own time index (src/db/article-pages.ts), keyset-paged.
      resolve: (query, tag, _args, ctx) => findTagArticlePage(ctx.prisma, query, { tagId: tag.id, ...visibleTagRows(ctx) }),
      totalCount: (tag, _args, ctx) => boundedTotal(countPublicArticles(ctx.prisma, { tagId: tag.id }, ctx.now)),
    },
    ArticleConnection,
  ),
);

builder.queryFields((t) => ({
  tag: t.prismaField({
    type: 'Tag',
    nullable: true,
    description: 'A tag by slug; null when there is none, or when no published article carries it.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.tag.findUnique({ ...query, where: { slug: args.slug, ...visibleTags(ctx) } }),
  }),
  tags: t.prismaConnection(
    {
      type: 'Tag',
      cursor: 'id',
      description: 'Tags of published articles in alphabetical order, ignoring case and diacritics (by slug).',
      ...pageSizeOptions,
      resolve: (query, _root, _args, ctx) =>
        ctx.prisma.tag.findMany({ ...query, where: visibleTags(ctx), orderBy: [{ slug: 'asc' }, { id: 'asc' }] }),
      totalCount: (_root, _args, ctx) => boundedTotal(countTagsCapped(ctx.prisma, visibleTags(ctx))),
    },
    TagConnection,
    { name: 'TagEdge' },
  ),
}));
