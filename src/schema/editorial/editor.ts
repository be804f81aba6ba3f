/** The editor behind a token, and the newsroom's own view of articles in every state. */
import { ArticleConnection, ArticleStatus } from '../article.js';
import { builder } from '../builder.js';
import type { EditorIdentity } from '../context.js';
import { ARTICLE_CURSOR, pageSizeOptions } from '../pagination.js';
import { boundedTotal } from '../counts.js';
import { countArticlesCapped } from '../../db/counts.js';
import { findArticlePage } from '../../db/article-pages.js';

const EditorRole = builder.enumType('EditorRole', {
  values: {
    EDITOR: { description: 'Writes and publishes articles, tags and authors.' },
    ADMIN: { description: 'Also shapes the section tree.' },
  },
});

const Editor = builder.objectRef<EditorIdentity>('Editor').implement({
  description: 'A newsroom member with an API token.',
  fields: (t) => ({
    name: t.exposeString('name'),
    role: t.field({ type: EditorRole, resolve: (editor) => editor.role }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: Editor,
    nullable: true,
    description: 'The editor the request is authenticated as; null for an anonymous reader.',
    resolve: (_root, _args, ctx) => ctx.editor,
  }),
  editorArticles: t.prismaConnection(
    {
      type: 'Article',
      cursor: ARTICLE_CURSOR,
      description: 'Editors only: articles in any state, most recently changed first.',
      authScopes: { editor: true },
      ...pageSizeOptions,
      args: { status: t.arg({ type: ArticleStatus, description: 'Only articles in this state.' }) },
      // Drafts have no publication time, so the order is by change time and id alone: a
      // column with nulls in it could not be keyset-paged.
      resolve: (query, _root, args, ctx) =>
        findArticlePage(ctx.prisma, query, args.status ? { status: args.status } : {}, [{ updatedAt: 'desc' }, { id: 'desc' }], {
          joined: false,
        }),
      totalCount: (_root, args, ctx) => boundedTotal(countArticlesCapped(ctx.prisma, args.status ? { status: args.status } : {})),
    },
    ArticleConnection,
  ),
}));
