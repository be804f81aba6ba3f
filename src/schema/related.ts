/** Article.relatedArticles: the "Các tin khác" list under an article page. */
import { LIST_ARTICLE, relatedListTag } from '../cache/tags.js';
import { Article } from './article.js';
import { builder } from './builder.js';
import { ErrorCode, userError } from './errors.js';

export const MAX_RELATED = 20;

builder.prismaObjectField(Article, 'relatedArticles', (t) =>
  t.prismaField({
    type: ['Article'],
    description:
      'Other news to read next: articles sharing rare tags, in the same section and near in time rank first; ' +
      'when those run out, the latest of the same section, then the latest overall. Never the article itself.',
    args: {
      first: t.arg.int({ defaultValue: 6, description: `How many, 1 to ${MAX_RELATED}.` }),
    },
    // Ranking is the dearest list: two per article, plus what each related article selects.
    complexity: (args) => ({ field: 2, multiplier: Math.max(1, args.first ?? 6) }),
    // The source's tag ids, for the cache tags below: read with the article itself (a join
    // in its own statement), not by a statement of their own.
    select: { tags: { select: { tagId: true } } },
    resolve: async (query, article, args, ctx) => {
      const first = args.first ?? 6;
      if (first < 1) throw userError(ErrorCode.BAD_USER_INPUT, '"first" must be at least 1', { argument: 'first' });
      if (first > MAX_RELATED) {
        throw userError(ErrorCode.PAGE_SIZE_EXCEEDED, `"first" must be at most ${MAX_RELATED}, got ${first}`, {
          argument: 'first',
          maxPageSize: MAX_RELATED,
        });
      }
      const hits = await ctx.loaders.relatedArticles.load({ articleId: article.id, first });
      // A cached response with this list is purged when an article sharing a tag with the
      // source is published, changed or withdrawn (src/cache/tags.ts); a list that fell back
      // to the latest articles (tiers 2 and 3), by any publication.
      for (const { tagId } of article.tags) ctx.cacheTags.add(relatedListTag(tagId));
      if (hits.length < first || hits.some((hit) => hit.tier > 1)) ctx.cacheTags.add(LIST_ARTICLE);
      const byId = ctx.loaders.articlesById(query);
      const articles = await Promise.all(hits.map((hit) => byId.load(hit.articleId)));
      // An article unpublished between the two statements drops out rather than erroring.
      return articles.filter((row) => row !== null);
    },
  }),
);
