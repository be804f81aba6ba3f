/**
 * Page-size rules shared by every connection: 20 by default, never more than the configured
 * maximum. Asking for more is a client error rather than a silent truncation, so an app
 * never mistakes a clamped page for the end of the list.
 */
import { PAGE_KEY } from '../db/keyset.js';
import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { GatewayContext } from './context.js';
import { ErrorCode, userError } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;

interface PageArgs {
  first?: number | null;
  last?: number | null;
}

export function checkPageSize(args: PageArgs, maxPageSize: number): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value == null) continue;
    if (value < 0) throw userError(ErrorCode.BAD_USER_INPUT, `"${name}" must not be negative`, { argument: name });
    if (value > maxPageSize) {
      throw userError(ErrorCode.PAGE_SIZE_EXCEEDED, `"${name}" must be at most ${maxPageSize}, got ${value}`, {
        argument: name,
        maxPageSize,
      });
    }
  }
}

/**
 * Options for `prismaConnection` / `relatedConnection`: validates, then sizes the page; its
 * estimated cost is one per node asked for.
 */
export const pageSizeOptions = {
  defaultSize: DEFAULT_PAGE_SIZE,
  complexity: (args: PageArgs) => ({ field: 1, multiplier: Math.max(1, args.first ?? args.last ?? DEFAULT_PAGE_SIZE) }),
  maxSize: (args: PageArgs, ctx: GatewayContext) => {
    checkPageSize(args, ctx.config.maxPageSize);
    return ctx.config.maxPageSize;
  },
};

/**
 * The `cursor` of every article connection: the row's page key (src/db/keyset.ts), so a
 * cursor carries its sort key and a page after it is one statement. Typed as the id Pothos
 * knows; Pothos reads it through the pseudo-field `withPageKeyField` declares.
 */
export const ARTICLE_CURSOR = PAGE_KEY as 'id';

/**
 * The datamodel Pothos gets, with Article's page key declared as a field so that Pothos
 * formats cursors from it and hands them back parsed as they were. Resolvers strip it from
 * the selection before Prisma sees it (src/db/article-pages.ts); nothing else reads it.
 */
export function withPageKeyField(datamodel: PothosPrismaDatamodel): PothosPrismaDatamodel {
  const models = datamodel.datamodel.models;
  const article = models.Article;
  if (!article) throw new Error('the datamodel has no Article model');
  const pageKey = {
    ...article.fields.find((field) => field.name === 'id')!,
    name: PAGE_KEY,
    type: 'Json',
    isId: false,
    hasDefaultValue: false,
  };
  return { datamodel: { models: { ...models, Article: { ...article, fields: [...article.fields, pageKey] } } } };
}
