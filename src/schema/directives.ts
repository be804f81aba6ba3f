/**
 * `@defer` and `@stream`, as the incremental-delivery RFC (and graphql-yoga's executor,
 * `@graphql-tools/executor`) define them. They are in the schema itself, not only added by the
 * defer-stream plugin at start-up (src/server/incremental-delivery.ts), so that schema.graphql, codegen and
 * every client's introspection know them. The executor finds them by name.
 */
import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLInt, GraphQLNonNull, GraphQLString } from 'graphql';

const condition = (what: string) => ({
  type: new GraphQLNonNull(GraphQLBoolean),
  description: `${what} when true (the default).`,
  defaultValue: true,
});

export const deferDirective = new GraphQLDirective({
  name: 'defer',
  description: 'Sends this fragment in a later part of the response (incremental delivery, multipart/mixed).',
  locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
  args: {
    if: condition('Deferred'),
    label: { type: GraphQLString, description: 'Names the later part; unique in the document.' },
  },
});

export const streamDirective = new GraphQLDirective({
  name: 'stream',
  description: 'Sends the items of this list after the first `initialCount`, in later parts of the response.',
  locations: [DirectiveLocation.FIELD],
  args: {
    if: condition('Streamed'),
    label: { type: GraphQLString, description: 'Names the later parts; unique in the document.' },
    initialCount: { type: GraphQLInt, defaultValue: 0, description: 'How many items the first part holds.' },
  },
});
