/**
 * search(query:): Vietnamese full-text search over published articles, diacritic- and
 * case-insensitive, ranked (see src/db/search.ts for the formula), with a highlighted
 * snippet per hit in the article's own spelling.
 */
import { queryFromInfo } from '@pothos/plugin-prisma';
import { countSearchHits, SEARCH_WINDOW, searchArticles, type SearchFilter } from '../db/search.js';
import { decodeSearchCursor, searchDigest, type SearchCursor } from '../domain/search-cursor.js';
import { searchHitsPage } from '../domain/search-hits.js';
import { parseSearchQuery, type SearchQuery } from '../domain/search-query.js';
import { SNIPPET_MARK_END, SNIPPET_MARK_START, type SnippetField } from '../domain/search-snippet.js';
import type { Article as ArticleRecord } from '../generated/prisma/client.js';
import { Article, ArticleFilter } from './article.js';
import { builder } from './builder.js';
import { COUNT_PRICES, countFields, countPrice } from './counts.js';
import type { BoundedCount } from '../db/counts.js';
import { ErrorCode, userError } from './errors.js';
import { checkPageSize, DEFAULT_PAGE_SIZE } from './pagination.js';

interface SearchEdgeShape {
  cursor: string;
  score: number;
  snippet: string;
  snippetField: SnippetField;
  node: ArticleRecord;
}

interface SearchConnectionShape {
  edges: SearchEdgeShape[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<BoundedCount>;
}

const SearchSnippetField = builder.enumType('SearchSnippetField', {
  description: 'Which text of the article a snippet was taken from.',
  values: {
    TITLE: { description: 'The headline (when it matches better than the lead and every paragraph).' },
    LEAD: { description: 'The standfirst.' },
    BODY: { description: 'A paragraph of the body.' },
  },
});

const SearchEdge = builder.objectRef<SearchEdgeShape>('SearchEdge').implement({
  description: 'One search hit: the article, how well it matched, and the passage that matched.',
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: Article, description: 'The article.', resolve: (edge) => edge.node }),
    score: t.exposeFloat('score', {
      description:
        'Relevance, higher first: below 1 from the words alone (title over lead over body, closer together is better, ' +
        'newer is slightly better); 1 more when every word typed with diacritics is in the title, lead or start of the ' +
        'body with those diacritics.',
    }),
    snippet: t.exposeString('snippet', {
      description:
        `The best matching passage, in the article's own spelling, the matched words between ${SNIPPET_MARK_START} and ` +
        `${SNIPPET_MARK_END} (plain text, no HTML): "… mô hình ${SNIPPET_MARK_START}Dân vận khéo${SNIPPET_MARK_END} …". ` +
        'About 30 words; … where the text was cut.',
    }),
    snippetField: t.field({ type: SearchSnippetField, resolve: (edge) => edge.snippetField }),
  }),
});

const SearchConnection = builder.objectRef<SearchConnectionShape>('SearchConnection').implement({
  description:
    `A page of search hits, best first. When more than ${SEARCH_WINDOW} articles match, the pages rank the newest ` +
    `${SEARCH_WINDOW} or so of them (whole days, then whole months), so they may end before \`totalCount\`; ` +
    'a `publishedTo` filter reaches further back.',
  fields: (t) => ({
    edges: t.field({ type: [SearchEdge], resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: builder.pageInfoRef(), resolve: (connection) => connection.pageInfo }),
    // Counting runs the full-text match over up to 10,001 hits, not only a page of them: priced
    // on the search field (COUNT_PRICES.search).
    ...countFields(t, 'published articles that match'),
  }),
});

function validQuery(raw: string): SearchQuery {
  const parsed = parseSearchQuery(raw);
  if (parsed.ok) return parsed;
  if (parsed.problem === 'TOO_SHORT') {
    throw userError(ErrorCode.SEARCH_QUERY_TOO_SHORT, parsed.message, { argument: 'query', minChars: parsed.minChars });
  }
  throw userError(ErrorCode.SEARCH_QUERY_TOO_LONG, parsed.message, {
    argument: 'query',
    maxChars: parsed.maxChars,
    maxWords: parsed.maxWords,
  });
}

function validFilter(filter: SearchFilter | null | undefined): SearchFilter | null {
  if (!filter) return null;
  if (filter.publishedFrom && filter.publishedTo && filter.publishedFrom > filter.publishedTo) {
    throw userError(ErrorCode.BAD_USER_INPUT, '"publishedFrom" must not be after "publishedTo"', { argument: 'filter' });
  }
  return filter;
}

builder.queryFields((t) => ({
  search: t.field({
    type: SearchConnection,
    description:
      'Published articles matching every word of `query`, ignoring case and diacritics ("dan van kheo" finds ' +
      '"Dân vận khéo"), best first. Words typed with diacritics rank articles that have them exactly first. ' +
      'Punctuation and operators are plain text. Pages forward only (`first`, `after`).',
    args: {
      query: t.arg.string({ required: true, description: '2 to 200 characters, at most 32 words.' }),
      filter: t.arg({ type: ArticleFilter, description: 'The same filter as `articles`.' }),
      first: t.arg.int({ description: `Hits per page, default ${DEFAULT_PAGE_SIZE}, at most MAX_PAGE_SIZE.` }),
      after: t.arg.string({ description: 'The `cursor` of the last hit of the previous page.' }),
    },
    // One ranking statement (dearer than a plain list), then each hit costs what it selects.
    complexity: (args) => ({ field: 5, multiplier: Math.max(1, args.first ?? DEFAULT_PAGE_SIZE) }),
    extensions: countPrice(COUNT_PRICES.search),
    resolve: async (_root, args, ctx, info) => {
      const query = validQuery(args.query);
      const filter = validFilter(args.filter);
      checkPageSize({ first: args.first }, ctx.config.maxPageSize);
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      const digest = searchDigest(query.text, filter);

      let after: SearchCursor | null = null;
      if (args.after != null) {
        after = decodeSearchCursor(args.after);
        if (!after || after.digest !== digest) {
          throw userError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor of this search', { argument: 'after' });
        }
      }
      const reference = after?.reference ?? ctx.now;
      const totalCount = () => countSearchHits(ctx.prisma, { text: query.text, filter, now: ctx.now });
      if (first === 0) {
        return {
          edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: after !== null, startCursor: null, endCursor: null },
          totalCount,
        };
      }

      const rows = await searchArticles(ctx.prisma, { text: query.text, filter, now: ctx.now, reference, after, limit: first + 1 });
      const { hits, hasNextPage } = searchHitsPage(rows, first, { words: query.words, reference, digest });
      // One statement for every article of the page, with what the client selected on `node`.
      const selection = queryFromInfo({ context: ctx, info, typeName: 'Article', path: ['edges', 'node'] });
      const byId = ctx.loaders.articlesById(selection);
      const articles = await Promise.all(hits.map((hit) => byId.load(hit.id)));
      // Unpublished between the two statements: left out rather than an error.
      const edges = hits.flatMap(({ id: _id, ...hit }, index): SearchEdgeShape[] => {
        const node = articles[index];
        return node ? [{ ...hit, node }] : [];
      });
      return {
        edges,
        pageInfo: {
          hasNextPage,
          hasPreviousPage: after !== null,
          startCursor: hits[0]?.cursor ?? null,
          endCursor: hits.at(-1)?.cursor ?? null,
        },
        totalCount,
      };
    },
  }),
}));
