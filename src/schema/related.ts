/** Article.relatedArticles: the "Các tin khác" list under an article page. */
import { LIST_ARTICLE, relatedListTag } from '../cache/tags.js';
import { Article } from './article.js';
import { builder } from './builder.js';
import { ErrorCode, userError } from './errors.js';

export const MAX_RELATED = 20;

builder.prismaObjectField(Article, 'relatedArticles', (t) =>
  t.field({
    type: [Article],
    description:
      'Other news to read next: articles sharing rare tags, in the same section and near in time rank first; ' +
      'when those run out, the latest of the same section, then the latest overall. Never the article itself.',
    args: {
      first: t.arg.int({ defaultValue: 6, description: `How many, 1 to ${MAX_RELATED}.` }),
    },
    // Ranking is the dearest list: two per article, plus what each related article selects.
    complexity: (args) => ({ field: 2, multiplier: Math.max(1, args.first ?? 6) }),
    // The ranked list (view RelatedArticle, ranked by related_articles() under this gateway's
    // weights) and what the query selects of each related article are read with the source
    // article itself: with relation joins, an article page is one statement, and a page of 20
    // articles with their related lists one statement too. The source's tag ids are for the
    // cache tags below, asked as the field Article.tags asks them (same order), so that the
    // two merge into one relation instead of a second statement for this field.
    select: (args, ctx, nestedSelection) => ({
      tags: { orderBy: { position: 'asc' }, select: { tagId: true } },
      relatedRanks: {
        where: {
          ...ctx.config.related,
          rank: { lte: Math.min(Math.max(args.first ?? 6, 0), MAX_RELATED) },
          // No filter on the related article here: the view decides visibility (at the
          // statement's time, a few milliseconds after the request's clock), and a relation
          // filter made PostgreSQL's generic plan hash-join every visible article (a scan of
          // the whole table at 1M, found by bench/plans.ts).
        },
        orderBy: { rank: 'asc' },
        select: { tier: true, article: nestedSelection(true) },
      },
    }),
    resolve: (article, args, ctx) => {
      const first = args.first ?? 6;
      if (first < 1) throw userError(ErrorCode.BAD_USER_INPUT, '"first" must be at least 1', { argument: 'first' });
      if (first > MAX_RELATED) {
        throw userError(ErrorCode.PAGE_SIZE_EXCEEDED, `"first" must be at most ${MAX_RELATED}, got ${first}`, {
          argument: 'first',
          maxPageSize: MAX_RELATED,
        });
      }
      const ranks = article.relatedRanks;
      // A cached response with this list is purged when an article sharing a tag with the
      // source is published, changed or withdrawn (src/cache/tags.ts); a list that fell back
      // to the latest articles (tiers 2 and 3), by any publication.
      for (const { tagId } of article.tags) ctx.cacheTags.add(relatedListTag(tagId));
      if (ranks.length < first || ranks.some((rank) => rank.tier > 1)) ctx.cacheTags.add(LIST_ARTICLE);
      return ranks.map((rank) => rank.article);
    },
  }),
);
