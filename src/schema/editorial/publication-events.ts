/**
 * `articlePublished`: a live feed of what readers can newly see (or no longer see), over
 * Server-Sent Events (graphql-yoga's built-in subscriptions transport).
 */
import type { ArticleEvent } from '../../events/article-events.js';
import { visibleArticles } from '../../db/visibility.js';
import { builder } from '../builder.js';
import { ErrorCode, userError } from '../errors.js';

const ArticleEventType = builder.enumType('ArticleEventType', {
  values: {
    PUBLISHED: { description: 'The article became public.' },
    UPDATED: { description: 'A public article changed.' },
    UNPUBLISHED: { description: 'The article is no longer public (unpublished, archived or rescheduled).' },
  },
});

const ArticlePublicationEvent = builder.objectRef<ArticleEvent>('ArticlePublicationEvent').implement({
  fields: (t) => ({
    type: t.field({ type: ArticleEventType, resolve: (event) => event.type }),
    slug: t.exposeString('slug'),
    occurredAt: t.field({ type: 'DateTime', resolve: (event) => new Date(event.occurredAt) }),
    article: t.prismaField({
      type: 'Article',
      nullable: true,
      description: 'The article as readers now see it; null once it is no longer public.',
      // A subscription's context is as old as the subscription: visibility is judged now.
      resolve: (query, event, _args, ctx) =>
        ctx.prisma.article.findFirst({ ...query, where: { id: event.articleId, ...visibleArticles({ now: new Date() }) } }),
    }),
  }),
});

builder.subscriptionType({ description: 'Live updates, over Server-Sent Events.' });

builder.subscriptionField('articlePublished', (t) =>
  t.field({
    type: ArticlePublicationEvent,
    description:
      'Articles becoming public, changing while public, or being withdrawn; optionally only in one section (with its subsections).',
    args: { category: t.arg.string({ description: 'Section slug.' }) },
    subscribe: async function* (_root, args, ctx) {
      const section = args.category ? await ctx.prisma.category.findUnique({ where: { slug: args.category }, select: { id: true } }) : null;
      if (args.category && !section)
        throw userError(ErrorCode.BAD_USER_INPUT, `No section with slug "${args.category}"`, { argument: 'category' });
      for await (const event of ctx.events.subscribe()) {
        if (section && event.categoryId !== section.id && event.parentCategoryId !== section.id) continue;
        yield event;
      }
    },
    resolve: (event) => event,
  }),
);
