/** Author: the byline ("Đức Toàn") and the author page's article list. */
import { ArticleConnection } from './article.js';
import { builder } from './builder.js';
import { pageSizeOptions } from './pagination.js';
import { newestFirst, visibleArticles } from '../db/visibility.js';

export const Author = builder.prismaNode('Author', {
  description: 'A journalist whose byline appears on articles.',
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name', { description: 'The byline as printed.' }),
    bio: t.exposeString('bio', { nullable: true }),
    url: t.string({ select: { slug: true }, resolve: (author) => `/tac-gia/${author.slug}` }),
    articles: t.relatedConnection('articles', {
      cursor: 'id',
      description: 'Published articles by this author, newest first.',
      ...pageSizeOptions,
      query: (_args, ctx) => ({ where: visibleArticles(ctx), orderBy: newestFirst }),
      totalCount: true,
    }, ArticleConnection),
  }),
});

builder.queryField('author', (t) =>
  t.prismaField({
    type: 'Author',
    nullable: true,
    description: 'An author by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.author.findUnique({ ...query, where: { slug: args.slug } }),
  }),
);
