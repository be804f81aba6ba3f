/**
 * The price of `totalCount`, added to Pothos's estimate by the cost limit (src/server/limits.ts).
 *
 * Pothos multiplies every field of a connection by the page size, so a count priced as a field
 * cost 20 times more with `first: 20` than with `first: 1`, while the statement is the same.
 * A count is one statement per time its connection is resolved, whatever the page, and what it
 * reads depends on how it counts (src/db/counts.ts): so `totalCount` and `totalCountIsExact`
 * cost nothing in Pothos's estimate (`complexity: 0`, src/schema/counts.ts) and are priced here,
 * once per connection selection (the two share their statement), times the sizes of the lists
 * around the connection (a tag page inside `tags(first: 50)` counts 50 times). The price is the
 * connection field's `extensions.countPrice` (a number, or a function of its arguments), or the
 * capped price when it names none.
 */
import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { COUNT_PRICES, COUNT_FIELDS, type CountPrice } from '../schema/counts.js';

type AnyField = GraphQLField<unknown, unknown>;

/** How many times a field's children are resolved per time the field is: its Pothos multiplier. */
function multiplierOf(field: AnyField, args: Record<string, unknown>): number {
  let option = field.extensions?.complexity as unknown;
  if (typeof option === 'function') option = (option as (args: unknown, ctx: unknown, field: unknown) => unknown)(args, {}, field);
  const multiplier = typeof option === 'object' && option !== null ? (option as { multiplier?: number }).multiplier : undefined;
  return Math.max(0, multiplier ?? 1);
}

function countPriceOf(field: AnyField, args: Record<string, unknown>): number {
  const price = field.extensions?.countPrice as CountPrice | undefined;
  if (price === undefined) return COUNT_PRICES.capped;
  return typeof price === 'function' ? price(args) : price;
}

export function countCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string | null,
): number {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    else if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) {
      operation ??= definition;
    }
  }
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;

  // Costs are linear in how often a selection runs, so each (selection, type) is walked once.
  const memo = new Map<SelectionSetNode, Map<string, number>>();

  const fieldOf = (parent: GraphQLNamedType, node: FieldNode): AnyField | undefined =>
    isObjectType(parent) || isInterfaceType(parent) ? (parent.getFields()[node.name.value] as AnyField | undefined) : undefined;

  /** The fields a selection set selects on `type`, fragments flattened (a count asked twice is one count). */
  function fieldsOf(selectionSet: SelectionSetNode, type: GraphQLNamedType, into: { node: FieldNode; parent: GraphQLNamedType }[] = []) {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) into.push({ node: selection, parent: type });
      else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        // An abstract parent (node, nodes) runs a fragment on whichever type comes back: price it as if it applied.
        if (condition && (condition === type || isAbstractType(type) || isAbstractType(condition))) {
          fieldsOf(fragment.selectionSet, isObjectType(condition) ? condition : type, into);
        }
      }
    }
    return into;
  }

  /** The count cost of one run of `selectionSet` on `type`. */
  function cost(selectionSet: SelectionSetNode, type: GraphQLNamedType): number {
    const known = memo.get(selectionSet)?.get(type.name);
    if (known !== undefined) return known;
    let total = 0;
    for (const { node, parent } of fieldsOf(selectionSet, type)) {
      const field = fieldOf(parent, node);
      if (!field || !node.selectionSet) continue;
      let args: Record<string, unknown> = {};
      try {
        args = getArgumentValues(field, node, variables);
      } catch {
        // Bad variables are refused by execution itself; cost what the defaults cost.
      }
      const childType = getNamedType(field.type);
      // The connection's count runs once per time the connection does, not once per row of its page.
      const counts = fieldsOf(node.selectionSet, childType).some(
        (child) => COUNT_FIELDS.has(child.node.name.value) && fieldOf(child.parent, child.node)?.extensions?.boundedCount,
      );
      total += (counts ? countPriceOf(field, args) : 0) + multiplierOf(field, args) * cost(node.selectionSet, childType);
    }
    if (!memo.has(selectionSet)) memo.set(selectionSet, new Map());
    memo.get(selectionSet)!.set(type.name, total);
    return total;
  }

  return cost(operation.selectionSet, root);
}
