/**
 * Writing articles: create a draft, update it (with the version it was based on), publish
 * (now or at a set time), unpublish, archive. Editors only. Each change that readers can see
 * writes its publication events in its transaction (src/events/outbox.ts); they are
 * dispatched before the answer goes out, and at its time for a scheduled publication.
 */
import {
  changeArticleStatus,
  createArticleDraft,
  updateArticle,
  type CommittedChange,
  type StatusChange,
} from '../../content/editorial.js';
import { invalidates } from '../../cache/invalidation.js';
import { articleChangesSchema, articleDraftSchema } from '../../content/article-input.js';
import { parseInput } from '../../content/editorial-input.js';
import { fromGraphQLInput } from '../../validation/graphql-input.js';
import { Article } from '../article.js';
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import { selectingId, writeErrors } from './errors.js';

const ArticleImageInput = builder.inputType('ArticleImageInput', {
  fields: (t) => ({
    src: t.string({ description: 'Absolute URL or a path on the media host.' }),
    caption: t.string(),
    alt: t.string(),
    width: t.int(),
    height: t.int(),
  }),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the builder's own types, which this module does not name
const articleInputFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>, titleRequired: boolean) => ({
  title: t.string({ required: titleRequired, description: 'The headline; its slug is derived from it without diacritics.' }),
  lead: t.string(),
  body: t.stringList({ description: 'Paragraphs, in order.' }),
  dateline: t.string(),
  tags: t.stringList({ description: 'Tag names in display order; unknown tags are created.' }),
  category: t.string({ description: 'Section slug; must exist. null for none.' }),
  author: t.string({ description: 'Author slug; must exist. null for none.' }),
  images: t.field({ type: [ArticleImageInput], description: 'Pictures in display order; replaces all of them.' }),
});

const CreateArticleInput = builder.inputType('CreateArticleInput', {
  fields: (t) => articleInputFields(t, true),
});
const UpdateArticleInput = builder.inputType('UpdateArticleInput', {
  description: 'Only the fields given change; `tags` and `images` replace the lists whole.',
  fields: (t) => articleInputFields(t, false),
});

/** Fields an editor can empty by sending null (src/validation/graphql-input.ts). */
const CLEARABLE = ['dateline', 'category', 'author'] as const;

/**
 * Hands the events written with the change to the dispatcher (purges, subscribers, webhook)
 * before the answer goes out, then loads the changed article with the client's selection;
 * drafts included, it is an editor.
 */
async function loadChanged(ctx: GatewayContext, query: { select?: object }, change: CommittedChange) {
  await ctx.publications.committed(change.events);
  return ctx.prisma.article.findUniqueOrThrow({ ...selectingId(query), where: { id: change.after.id } });
}

/** Article writes purge what their publication events name (src/cache/invalidation.ts). */
const byEvents = invalidates({ by: 'publication-events' });

const editorsOnly = { editor: true } as const;

builder.mutationFields((t) => ({
  createArticle: t.prismaField({
    extensions: byEvents,
    type: 'Article',
    description: 'Creates a draft. Publish it with publishArticle.',
    authScopes: editorsOnly,
    errors: { types: writeErrors },
    args: { input: t.arg({ type: CreateArticleInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const draft = parseInput(articleDraftSchema, fromGraphQLInput(args.input, CLEARABLE));
      return loadChanged(ctx, query, await createArticleDraft(ctx.prisma, draft, ctx.now));
    },
  }),
  updateArticle: t.prismaField({
    extensions: byEvents,
    type: 'Article',
    description:
      'Changes an article. `version` is the version the edit was based on: if someone saved since, ' +
      'nothing is written and VersionConflictError says so. A new title gives a new slug; the old one keeps working.',
    authScopes: editorsOnly,
    errors: { types: writeErrors },
    args: {
      id: t.arg.globalID({ for: Article, required: true }),
      version: t.arg.int({ required: true }),
      input: t.arg({ type: UpdateArticleInput, required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const changes = parseInput(articleChangesSchema, fromGraphQLInput(args.input, CLEARABLE));
      return loadChanged(ctx, query, await updateArticle(ctx.prisma, Number(args.id.id), args.version, changes, ctx.now));
    },
  }),
  publishArticle: t.prismaField({
    extensions: byEvents,
    type: 'Article',
    description: 'Publishes now, or at `publishAt` (readers see it from then on).',
    authScopes: editorsOnly,
    errors: { types: writeErrors },
    args: {
      id: t.arg.globalID({ for: Article, required: true }),
      version: t.arg.int({ description: 'When given, refuses if the article changed since.' }),
      publishAt: t.arg({ type: 'DateTime' }),
    },
    resolve: (query, _root, args, ctx) =>
      changeStatus(ctx, query, Number(args.id.id), args.version ?? null, { status: 'PUBLISHED', publishAt: args.publishAt ?? null }),
  }),
  unpublishArticle: t.prismaField({
    extensions: byEvents,
    type: 'Article',
    description: 'Takes an article back to draft; readers no longer see it.',
    authScopes: editorsOnly,
    errors: { types: writeErrors },
    args: { id: t.arg.globalID({ for: Article, required: true }), version: t.arg.int() },
    resolve: (query, _root, args, ctx) => changeStatus(ctx, query, Number(args.id.id), args.version ?? null, { status: 'DRAFT' }),
  }),
  archiveArticle: t.prismaField({
    extensions: byEvents,
    type: 'Article',
    description: 'Withdraws an article from the public site for good, keeping it for the record.',
    authScopes: editorsOnly,
    errors: { types: writeErrors },
    args: { id: t.arg.globalID({ for: Article, required: true }), version: t.arg.int() },
    resolve: (query, _root, args, ctx) => changeStatus(ctx, query, Number(args.id.id), args.version ?? null, { status: 'ARCHIVED' }),
  }),
}));

async function changeStatus(ctx: GatewayContext, query: { select?: object }, id: number, version: number | null, change: StatusChange) {
  return loadChanged(ctx, query, await changeArticleStatus(ctx.prisma, id, version, change, ctx.now));
}
