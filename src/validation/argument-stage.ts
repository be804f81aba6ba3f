/**
 * Validation as a stage: before anything resolves (and before any SQL), every argument of
 * every field the operation selects, with its variables, goes through the checks of
 * src/validation/read-arguments.ts by what it is:
 *
 * - `nodes(ids:)` takes at most MAX_NODE_IDS ids (TOO_MANY_IDS);
 * - an `ID` is a global id (every ID argument of this schema is one): base64 of
 *   "Type:<1…2147483647>";
 * - `after`/`before` of a connection is a cursor this API gave out (a search's its own kind);
 * - a slug argument (`slug`, and `tag`, `category`, `author`, `parent` naming one) is short text;
 * - every string, at any depth of an input object, is free of control characters (NUL);
 *   reads also cap its length (writes have their own limits per field, src/content/);
 *   a search query, split into words by its own parser, is left to it.
 *
 * A request with any bad argument is answered with those errors alone: nothing runs.
 */
import type { Plugin } from 'graphql-yoga';
import {
  getArgumentValues,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { decodeSearchCursor } from '../domain/search-cursor.js';
import { ErrorCode, userError } from '../errors/catalogue.js';
import { executionGatePlugin } from '../server/execution-gate.js';
import { connectionCursorProblem, globalIdProblem, slugProblem, textProblem } from './read-arguments.js';

const SLUG_ARGUMENTS = new Set(['slug', 'tag', 'category', 'author', 'parent']);
const CURSOR_ARGUMENTS = new Set(['after', 'before']);
/**
 * Arguments with a parser of their own that already refuses what PostgreSQL could not take:
 * a search query is split into words (control characters are separators, never sent) and
 * has its own length limits and codes (src/domain/search-query.ts).
 */
const OWN_PARSER = new Set(['Query.search(query)']);

const MAX_REPORTED = 20;

export interface ArgumentLimits {
  /** Most ids `nodes(ids:)` takes (MAX_NODE_IDS). */
  maxNodeIds: number;
}

interface Place {
  /** "Query.search", the field the argument belongs to. */
  field: string;
  write: boolean;
  /** The field lists articles (ArticleConnection): its cursors may be page keys. */
  articleList: boolean;
}

function searchCursorProblem(value: unknown, argument: string): GraphQLError | null {
  if (typeof value === 'string' && decodeSearchCursor(value)) return null;
  return userError(ErrorCode.INVALID_CURSOR, `"${argument}" is not a cursor of this search`, { argument });
}

/** Checks one argument value (or input field) of the given type; `name` is the argument's or input field's name. */
function valueProblems(type: GraphQLInputType, value: unknown, name: string, path: string, place: Place): GraphQLError[] {
  if (value === null || value === undefined) return [];
  if (isNonNullType(type)) return valueProblems(type.ofType, value, name, path, place);
  if (isListType(type)) {
    if (!Array.isArray(value)) return valueProblems(type.ofType, value, name, path, place);
    return value.flatMap((item, index) => valueProblems(type.ofType, item, name, `${path}.${index}`, place));
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return [];
    const fields = type.getFields();
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      fields[key] ? valueProblems(fields[key].type, item, key, `${path}.${key}`, place) : [],
    );
  }
  const named = getNamedType(type);
  let problem: GraphQLError | null = null;
  if (OWN_PARSER.has(`${place.field}(${path})`)) return [];
  if (named.name === 'ID') problem = globalIdProblem(value, path);
  else if (named.name === 'String') {
    if (CURSOR_ARGUMENTS.has(name) && path === name) {
      problem =
        place.field === 'Query.search'
          ? searchCursorProblem(value, path)
          : connectionCursorProblem(value, path, { pageKeys: place.articleList });
    } else if (place.write) problem = textProblem(value, path, Number.POSITIVE_INFINITY);
    else if (SLUG_ARGUMENTS.has(name)) problem = slugProblem(value, path);
    else problem = textProblem(value, path);
  }
  return problem ? [problem] : [];
}

/**
 * The errors of every bad argument in the operation that would run, in document order; empty
 * when all are fine. Arguments that do not even coerce are left to graphql-js, which reports them.
 */
export function argumentProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variableValues: Record<string, unknown>,
  { maxNodeIds }: ArgumentLimits,
): GraphQLError[] {
  const typeInfo = new TypeInfo(schema);
  const problems: GraphQLError[] = [];
  let write = false;
  let seenOperation = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        const chosen = operationName ? node.name?.value === operationName : !seenOperation;
        seenOperation = true;
        if (!chosen) return false;
        write = node.operation === 'mutation';
        return undefined;
      },
      Field(node) {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!field || !parent || !node.arguments?.length) return;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(field, node, variableValues);
        } catch {
          return;
        }
        const place = { field: `${parent.name}.${field.name}`, write, articleList: getNamedType(field.type).name === 'ArticleConnection' };
        const ids = values.ids;
        if (place.field === 'Query.nodes' && Array.isArray(ids) && ids.length > maxNodeIds) {
          problems.push(
            userError(ErrorCode.TOO_MANY_IDS, `"ids" names ${ids.length} nodes; at most ${maxNodeIds} in one request`, {
              argument: 'ids',
              maxIds: maxNodeIds,
            }),
          );
          return;
        }
        for (const argument of field.args) {
          problems.push(...valueProblems(argument.type, values[argument.name], argument.name, argument.name, place));
        }
      },
    }),
  );
  // A list of 20,000 bad ids is one mistake, not 20,000 errors to serialize.
  return problems.slice(0, MAX_REPORTED);
}

/**
 * The stage as a yoga plugin: runs on the document as the client sent it, with its variables,
 * before the response cache and before any resolver. Verdicts are kept per document and
 * variables (src/server/execution-gate.ts), as the cost limit's are.
 */
export function argumentValidationPlugin(limits: ArgumentLimits): Plugin {
  return executionGatePlugin((args) => argumentProblems(args.schema, args.document, args.operationName, args.variableValues ?? {}, limits));
}
