/** Managing tags and authors (editors) and the section tree (administrators). */
import { authorSchema, categorySchema, parseInput, tagSchema } from '../../content/editorial-input.js';
import * as taxonomy from '../../content/taxonomy.js';
import { invalidates } from '../../cache/invalidation.js';
import type { GatewayContext } from '../context.js';
import { Author } from '../author.js';
import { builder } from '../builder.js';
import { Category } from '../category.js';
import { Tag } from '../tag.js';
import { selectingId, writeErrors } from './errors.js';
import type { z } from 'zod';
import { fromGraphQLInput } from '../../validation/graphql-input.js';

/** Validates what the client sent, under the null convention of src/validation/graphql-input.ts. */
function check<S extends z.ZodType, T extends object>(schema: S, input: T, clearable: readonly (keyof T & string)[] = []): z.output<S> {
  return parseInput(schema, fromGraphQLInput(input, clearable));
}

const TagInput = builder.inputType('TagInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    slug: t.string({ description: 'Defaults to the name without diacritics; fixed once created.' }),
  }),
});
const AuthorInput = builder.inputType('AuthorInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    slug: t.string({ description: 'Defaults to the name without diacritics; fixed once created.' }),
    bio: t.string(),
  }),
});
const AuthorChanges = builder.inputType('AuthorChanges', {
  fields: (t) => ({ name: t.string(), bio: t.string() }),
});
const CategoryInput = builder.inputType('CategoryInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    slug: t.string({ description: 'Defaults to the name without diacritics; fixed once created.' }),
    description: t.string(),
    parent: t.string({ description: 'Slug of the parent section; null for a top-level one.' }),
    position: t.int({ description: 'Order among siblings.' }),
  }),
});
const CategoryChanges = builder.inputType('CategoryChanges', {
  fields: (t) => ({ name: t.string(), description: t.string(), parent: t.string(), position: t.int() }),
});

/** Hands the write's purge to the dispatcher before the answer goes out; returns the id. */
async function committed(ctx: GatewayContext, change: Promise<taxonomy.TaxonomyChange>): Promise<{ id: number }> {
  const { id, events } = await change;
  await ctx.publications.committed(events);
  return { id };
}

builder.mutationFields((t) => ({
  createTag: t.prismaField({
    extensions: invalidates({ by: 'taxonomy', entity: 'Tag' }),
    type: 'Tag',
    authScopes: { editor: true },
    errors: { types: writeErrors },
    args: { input: t.arg({ type: TagInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await committed(ctx, taxonomy.createTag(ctx.prisma, check(tagSchema, args.input), ctx.now));
      return ctx.prisma.tag.findUniqueOrThrow({ ...selectingId(query), where: { id } });
    },
  }),
  renameTag: t.prismaField({
    extensions: invalidates({ by: 'taxonomy', entity: 'Tag' }),
    type: 'Tag',
    description: 'Changes how a tag is displayed; its slug and URL stay.',
    authScopes: { editor: true },
    errors: { types: writeErrors },
    args: { id: t.arg.globalID({ for: Tag, required: true }), name: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { name } = check(tagSchema.pick({ name: true }), { name: args.name });
      const { id } = await committed(ctx, taxonomy.renameTag(ctx.prisma, Number(args.id.id), name, ctx.now));
      return ctx.prisma.tag.findUniqueOrThrow({ ...selectingId(query), where: { id } });
    },
  }),
  createAuthor: t.prismaField({
    extensions: invalidates({ by: 'taxonomy', entity: 'Author' }),
    type: 'Author',
    authScopes: { editor: true },
    errors: { types: writeErrors },
    args: { input: t.arg({ type: AuthorInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await committed(ctx, taxonomy.createAuthor(ctx.prisma, check(authorSchema, args.input), ctx.now));
      return ctx.prisma.author.findUniqueOrThrow({ ...selectingId(query), where: { id } });
    },
  }),
  updateAuthor: t.prismaField({
    extensions: invalidates({ by: 'taxonomy', entity: 'Author' }),
    type: 'Author',
    authScopes: { editor: true },
    errors: { types: writeErrors },
    args: { id: t.arg.globalID({ for: Author, required: true }), input: t.arg({ type: AuthorChanges, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const changes = check(authorSchema.partial().omit({ slug: true }), args.input, ['bio']);
      const { id } = await committed(ctx, taxonomy.updateAuthor(ctx.prisma, Number(args.id.id), changes, ctx.now));
      return ctx.prisma.author.findUniqueOrThrow({ ...selectingId(query), where: { id } });
    },
  }),
  createCategory: t.prismaField({
    extensions: invalidates({ by: 'taxonomy', entity: 'Category' }),
    type: 'Category',
    description: 'Administrators only: adds a section to the tree.',
    authScopes: { admin: true },
    errors: { types: writeErrors },
    args: { input: t.arg({ type: CategoryInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const input = check(categorySchema, args.input, ['parent']);
      const { id } = await committed(ctx, taxonomy.createCategory(ctx.prisma, input, ctx.now));
      return ctx.prisma.category.findUniqueOrThrow({ ...selectingId(query), where: { id } });
    },
  }),
  updateCategory: t.prismaField({
    extensions: invalidates({ by: 'taxonomy', entity: 'Category' }),
    type: 'Category',
    description: 'Administrators only: renames, describes or moves a section; its slug stays.',
    authScopes: { admin: true },
    errors: { types: writeErrors },
    args: { id: t.arg.globalID({ for: Category, required: true }), input: t.arg({ type: CategoryChanges, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const changes = check(categorySchema.partial().omit({ slug: true }), args.input, ['parent', 'description']);
      const { id } = await committed(ctx, taxonomy.updateCategory(ctx.prisma, Number(args.id.id), changes, ctx.now));
      return ctx.prisma.category.findUniqueOrThrow({ ...selectingId(query), where: { id } });
    },
  }),
}));
