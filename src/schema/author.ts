/** Author: the byline ("Đức Toàn") and the author page's article list. */
import { ArticleConnection } from './article.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';
import { ARTICLE_CURSOR, pageSizeOptions } from './pagination.js';
import { boundedTotal, COUNT_PRICES, countPrice } from './counts.js';
import { countPublicArticles } from '../db/counts.js';
import { newestFirst, visibleArticles, visibleAuthors } from '../db/visibility.js';
import { findArticlePage } from '../db/article-pages.js';

function writtenBy(authorId: number, ctx: GatewayContext) {
  return { ...visibleArticles(ctx), authorId };
}

export const Author = builder.prismaNode('Author', {
  description: 'A journalist whose byline appears on articles.',
  id: { field: 'id' },
  nullable: true,
  // An author of hidden articles only answers null, as an unknown one: node(id:) reads under
  // the visibility rule (src/db/nodes-by-id.ts). This where is Pothos' reload of a row already
  // shown, by id alone so that Prisma batches a list's reloads into one statement.
  findUnique: (id) => ({ id: Number(id) }),
  // Only the columns a query asks for (each field names its own): a byline never reads the bio.
  select: { id: true },
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name', { description: 'The byline as printed.' }),
    bio: t.exposeString('bio', { nullable: true }),
    url: t.string({ select: { slug: true }, resolve: (author) => `/tac-gia/${author.slug}` }),
    // A connection of its own rather than a relation of the author's query: Prisma pages a
    // nested relation after a cursor in memory (src/db/keyset.ts).
    articles: t.prismaConnection(
      {
        type: 'Article',
        cursor: ARTICLE_CURSOR,
        description: 'Published articles by this author, newest first.',
        ...pageSizeOptions,
        extensions: countPrice(COUNT_PRICES.counter),
        resolve: (query, author, _args, ctx) => findArticlePage(ctx.prisma, query, writtenBy(author.id, ctx), newestFirst),
        totalCount: (author, _args, ctx) => boundedTotal(countPublicArticles(ctx.prisma, { authorId: author.id }, ctx.now)),
      },
      ArticleConnection,
    ),
  }),
});

builder.queryField('author', (t) =>
  t.prismaField({
    type: 'Author',
    nullable: true,
    description: 'An author by slug; null when there is none, or when none of their articles is published.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.author.findUnique({ ...query, where: { slug: args.slug, ...visibleAuthors(ctx) } }),
  }),
);
