/**
 * Abuse limits. Every refusal is a GraphQL error with a stable code, decided before any
 * database work: document size and shape are checked at parse and validation time, request
 * rates before parsing, body size before reading the body (src/server/http.ts).
 */
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { createComplexityRule } from '@pothos/plugin-complexity';
import { NoSchemaIntrospectionCustomRule, validate, visit, type DirectiveNode, type ExecutionArgs, type GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { argumentValidationPlugin } from '../validation/argument-stage.js';
import { countCost } from './count-cost.js';
import { executionGatePlugin } from './execution-gate.js';
import { errorExtensions, ErrorCode, userError } from '../errors/catalogue.js';

/** Gives graphql-armor's rejections (plain "Syntax Error: …") a stable code. */
const withCode = (code: ErrorCode) => ({
  onReject: [(_context: unknown, error: GraphQLError) => void ((error.extensions as Record<string, unknown>).code = code)],
});

export function documentLimitPlugins(config: Config): Plugin[] {
  const { limits } = config;
  return [
    unknownDirectivesPlugin(),
    maxTokensPlugin({ n: limits.maxTokens, ...withCode(ErrorCode.QUERY_TOO_LARGE) }),
    maxDepthPlugin({ n: limits.maxDepth, ...withCode(ErrorCode.QUERY_TOO_DEEP) }),
    // `__typename` aliases count too (graphql-armor lets them through by default): 101 of them
    // are as many fields to answer as any other 101 aliases.
    maxAliasesPlugin({ n: limits.maxAliases, allowList: [], ...withCode(ErrorCode.TOO_MANY_ALIASES) }),
    maxDirectivesPlugin({ n: limits.maxDirectives, ...withCode(ErrorCode.TOO_MANY_DIRECTIVES) }),
    ...(config.introspection ? [] : [disableIntrospection(), blockFieldSuggestionsPlugin()]),
    // Bad arguments (NUL bytes, ids and cursors out of range, too many ids) are refused before
    // anything resolves, and before the cost is estimated (a cost is an estimate; these are facts).
    argumentValidationPlugin({ maxNodeIds: limits.maxNodeIds }),
    complexityLimit(config),
  ] as Plugin[];
}

/**
 * The estimated cost (Pothos complexity: connections by page size, related lists by length;
 * see src/schema/pagination.ts) and depth, checked on the document as the client sent it, with
 * its variables, before anything resolves. Not by Pothos at resolve time, where it would see
 * the response cache's copy of the document, with `__typename` and `id` added to every
 * selection for the cache's bookkeeping (over twice the cost of a page with related lists);
 * nor as a validation rule, whose result yoga caches per document whatever the variables.
 */
function complexityLimit(config: Config): Plugin {
  const { maxComplexity, maxDepth } = config.limits;
  const measure = (args: ExecutionArgs): readonly GraphQLError[] => {
    const variableValues = (args.variableValues ?? {}) as Record<string, unknown>;
    // Counts are priced per connection, not per row (src/server/count-cost.ts).
    const counts = countCost(args.schema, args.document, variableValues, args.operationName);
    return validate(args.schema, args.document, [
      createComplexityRule({
        context: (args.contextValue ?? {}) as object,
        variableValues,
        operationName: args.operationName,
        validate: (estimate, report) => {
          const result = { complexity: estimate.complexity + counts, depth: estimate.depth };
          for (const [measure, max, code] of [
            ['complexity', maxComplexity, ErrorCode.QUERY_TOO_COMPLEX],
            ['depth', maxDepth, ErrorCode.QUERY_TOO_DEEP],
          ] as const) {
            if (result[measure] <= max) continue;
            const message = `The query's ${measure} is ${result[measure]}, above the limit of ${max}: ask for smaller pages or fewer nested lists`;
            report(userError(code, message, { [measure]: result[measure], limit: max }));
          }
        },
      }),
    ]);
  };
  // No cost estimate reads the context, so a verdict per document and variables holds.
  return executionGatePlugin(measure);
}

/**
 * A directive the schema does not define is refused before validation, with one error and a
 * code: graphql-js's own rule reports each occurrence, and an answer listing ten errors for ten
 * `@aa` is what scanners (graphql-cop's "directive overloading") look for.
 */
function unknownDirectivesPlugin(): Plugin {
  return {
    onValidate({ params, setResult }) {
      const unknown: DirectiveNode[] = [];
      visit(params.documentAST, {
        Directive(node) {
          if (!params.schema.getDirective(node.name.value)) unknown.push(node);
        },
      });
      if (unknown.length === 0) return;
      const names = [...new Set(unknown.map((node) => `@${node.name.value}`))];
      setResult([
        createGraphQLError(`Unknown directive ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`, {
          nodes: unknown.slice(0, 1),
          extensions: errorExtensions(ErrorCode.UNKNOWN_DIRECTIVE, { directives: names.length }),
        }),
      ]);
    },
  };
}

/** graphql-js's own rule; with it, `__schema` and `__type` fail validation. */
function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
