/** Category: the paper's sections, a tree ("Thời sự" › "Trong tỉnh"), and their article lists. */
import { ArticleConnection } from './article.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';
import { ARTICLE_CURSOR, pageSizeOptions } from './pagination.js';
import { boundedTotal, COUNT_PRICES, countPrice } from './counts.js';
import { countPublicArticles } from '../db/counts.js';
import { inSection, newestFirst, visibleArticles, visibleCategories } from '../db/visibility.js';
import { findArticlePage } from '../db/article-pages.js';

function visibleInSection(categoryId: number, ctx: GatewayContext) {
  return { ...visibleArticles(ctx), ...inSection(categoryId) };
}

export const Category = builder.prismaNode('Category', {
  description: 'A section of the paper. Sections nest: a category may have a parent and children.',
  id: { field: 'id' },
  nullable: true,
  // A section with hidden articles only answers null, as an unknown one: node(id:) reads under
  // the visibility rule (src/db/nodes-by-id.ts). This where is Pothos' reload of a row already
  // shown, by id alone so that Prisma batches a list's reloads into one statement.
  findUnique: (id) => ({ id: Number(id) }),
  // Only the columns a query asks for (each field names its own): a card's section link never
  // reads the section's description.
  select: { id: true },
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    position: t.exposeInt('position', { description: 'Order among its siblings in menus.' }),
    url: t.string({ select: { slug: true }, resolve: (category) => `/chuyen-muc/${category.slug}` }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', {
      query: (_args, ctx) => ({ where: visibleCategories(ctx), orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
      complexity: { field: 1, multiplier: 10 },
    }),
    articles: t.prismaConnection(
      {
        type: 'Article',
        cursor: ARTICLE_CURSOR,
        description: 'Published articles in this section and its subsections, newest first.',
        ...pageSizeOptions,
        extensions: countPrice(COUNT_PRICES.counter),
        resolve: (query, category, _args, ctx) => findArticlePage(ctx.prisma, query, visibleInSection(category.id, ctx), newestFirst),
        totalCount: (category, _args, ctx) => boundedTotal(countPublicArticles(ctx.prisma, { sectionId: category.id }, ctx.now)),
      },
      ArticleConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  category: t.prismaField({
    type: 'Category',
    nullable: true,
    description: 'A section by slug; null when there is none, or when it has no published article.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.category.findUnique({ ...query, where: { slug: args.slug, ...visibleCategories(ctx) } }),
  }),
  categories: t.prismaField({
    type: ['Category'],
    description: 'The top-level sections with published articles, in menu order; follow `children` for the tree.',
    complexity: { field: 1, multiplier: 20 },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.category.findMany({
        ...query,
        where: { parentId: null, ...visibleCategories(ctx) },
        orderBy: [{ position: 'asc' }, { id: 'asc' }],
      }),
  }),
}));
