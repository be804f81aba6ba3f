/**
 * Page-size rules shared by every connection: 20 by default, never more than the configured
 * maximum. Asking for more is a client error rather than a silent truncation, so an app
 * never mistakes a clamped page for the end of the list.
 */
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
