/**
 * Which requests read from the replicas (src/db/replicas.ts): a reader's query, and nothing
 * else. Editors read their own writes (and drafts), so they stay on the primary; mutations
 * write; subscriptions answer publication events the moment they are dispatched, before any
 * replica need have replayed them. The context starts on the primary (src/server/yoga.ts)
 * and a reader's query is moved over once its operation is known, at execution.
 */
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ReadReplicas } from '../db/replicas.js';
import { createLoaders } from '../loaders/index.js';
import type { GatewayContext } from '../schema/context.js';

export function readReplicaPlugin(replicas: ReadReplicas): Plugin<GatewayContext> {
  return {
    onExecute({ args, extendContext }) {
      const context = args.contextValue as GatewayContext;
      if (context.editor) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      extendContext({ prisma: replicas.reader, loaders: createLoaders(replicas.reader, context.now) });
    },
  };
}
