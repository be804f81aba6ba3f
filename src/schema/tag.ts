/** Tag: a topic or place ("Lục Yên", "dân vận khéo"), and the tag page's article list. */
import { ArticleConnection } from './article.js';
import { builder } from './builder.js';
import { pageSizeOptions } from './pagination.js';
import { boundedTotal, COUNT_PRICES, countFields, countPrice } from './counts.js';
import { countPublicArticles, countTagsCapped } from '../db/counts.js';
import { keysetPage, withKeyset } from '../db/keyset.js';
import { JOINED, visibleTagRows, visibleTags } from '../db/visibility.js';
import type { Prisma } from '../generated/prisma/client.js';

/** A tag's articles, newest first: ArticleTag(tagId, visibleAt DESC, articleId), its own time index. */
const BY_TAG_TIME: Prisma.ArticleTagOrderByWithRelationInput[] = [{ visibleAt: 'desc' }, { articleId: 'desc' }];

export const Tag = builder.prismaNode('Tag', {
  description: 'A topic, place or person that articles are tagged with.',
  id: { field: 'id' },
  nullable: true,
  // A tag used only by hidden articles answers null, as an unknown one.
  findUnique: (id, ctx) => ({ id: Number(id), ...visibleTags(ctx) }),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Name without diacritics: "Lục Yên" → "luc-yen".' }),
    name: t.exposeString('name', { description: 'Display name with diacritics.' }),
    // No `select`: Tag rows are always loaded whole (the type narrows nothing), and a select
    // here made Pothos re-read the tags of Article.tags (a plain field) in one more statement.
    url: t.string({ resolve: (tag) => `/tag/${tag.slug}` }),
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
      cursor: 'id',
      description: 'Published articles with this tag, newest first.',
      ...pageSizeOptions,
      extensions: countPrice(COUNT_PRICES.counter),
      // Read along ArticleTag(tagId, visibleAt DESC, articleId), the tag's own time index
      // (visibleAt is the article's publishedAt while it is PUBLISHED, else null), with each
      // article joined in the same statement. Going through Article's time index instead and
      // checking each article for the tag reads ever more articles as the corpus grows, for
      // every tag that is not among the commonest (bench at 100k: p99 4.4× that at 10k).
      // Keyset-paged (src/db/keyset.ts): Prisma's own cursor read every row after it.
      resolve: async (query, tag, _args, ctx) => {
        const { cursor, take, skip, select, include } = query as typeof query & { select?: object; include?: object };
        const where: Prisma.ArticleTagWhereInput = { tagId: tag.id, ...visibleTagRows(ctx) };
        // The cursor's row within the list's where: a hidden article's cursor is an unknown one.
        const page = await keysetPage({ cursor, take, skip }, BY_TAG_TIME, (articleId, columns) =>
          ctx.prisma.articleTag.findFirst({ where: { AND: [{ articleId }, where] }, select: columns }),
        );
        // No public row for the cursor: nothing follows, as for an id that names no article.
        if (page.kind !== 'keyset') return [];
        const rows = await ctx.prisma.articleTag.findMany({
          ...JOINED,
          where: withKeyset(where, page.where),
          orderBy: BY_TAG_TIME,
          take: page.take,
          // The client's selection, as Pothos built it for Article.
          select: { article: (select ? { select } : include ? { include } : true) as true },
        });
        return rows.map((row) => row.article);
      },
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
