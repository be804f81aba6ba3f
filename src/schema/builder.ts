/**
 * The Pothos schema builder: code-first types over the Prisma models, with the Relay plugin
 * for global IDs and cursor connections. Type modules import `builder` and add to it.
 */
import SchemaBuilder from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin, { queryFromInfo } from '@pothos/plugin-prisma';
import { loadNodes } from '../db/nodes-by-id.js';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { ErrorCode, userError } from './errors.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { GatewayContext } from './context.js';
import { withPageKeyField } from './pagination.js';

/** Pothos' selection for each node type a node(id:) / nodes(ids:) query asks for (src/db/nodes-by-id.ts). */
const nodeSelection = (context: GatewayContext, info: GraphQLResolveInfo) => (typeName: string) =>
  queryFromInfo({ context, info, typeName }) as object;

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    LocalDate: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  AuthScopes: {
    /** Any authenticated newsroom member. */
    editor: boolean;
    admin: boolean;
  };
}>({
  // Relay first so auth checks see decoded global ids; auth before everything that resolves.
  plugins: [RelayPlugin, ScopeAuthPlugin, ComplexityPlugin, ErrorsPlugin, PrismaPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({ editor: ctx.editor !== null, admin: ctx.editor?.role === 'ADMIN' }),
    unauthorizedError: (_parent, ctx) =>
      userError(
        ErrorCode.FORBIDDEN,
        ctx.editor ? 'This needs an administrator' : 'Only editors may do this: send Authorization: Bearer <token>',
      ),
  },
  errors: { defaultTypes: [] },
  // Cost is estimated from the query's shape before any resolver (and any SQL) runs. Lists
  // say what they cost: a connection multiplies by its page size (see pagination.ts). The
  // limit is checked on the document as sent, in src/server/limits.ts (`complexityLimit`).
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 1,
  },
  // Fields are non-null unless they say otherwise: clients need not guard every field.
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: withPageKeyField(getDatamodel()),
    exposeDescriptions: true,
    // totalCount on relation connections counts with the connection's own `where`.
    filterConnectionTotalCount: true,
  },
  relay: {
    // node(id:) and nodes(ids:) find rows under the visibility rule (src/db/nodes-by-id.ts);
    // the types' own `findUnique` is by id alone, for Pothos' reloads of rows already shown.
    nodeQueryOptions: {
      resolve: async (_root, args, ctx, info) => (await loadNodes(ctx.prisma, ctx, [args.id], nodeSelection(ctx, info)))[0],
    },
    // One statement per type, however many ids (src/db/nodes-by-id.ts); the argument stage
    // caps their number (MAX_NODE_IDS) and each id costs what its selection costs.
    nodesQueryOptions: {
      complexity: (args: { ids?: readonly unknown[] }) => ({ field: 1, multiplier: Math.max(1, args.ids?.length ?? 1) }),
      resolve: (_root, args, ctx, info) => loadNodes(ctx.prisma, ctx, args.ids, nodeSelection(ctx, info)),
    },
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
  },
});

builder.mutationType({ description: 'Editorial writes. Editors only: send Authorization: Bearer <token>.' });

builder.queryType({
  description: 'Read access to the published content of the news portal.',
});
