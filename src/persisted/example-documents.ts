/**
 * The example client documents (examples/): operations in `operations/` and `editorial/`,
 * one named operation per file, which may spread the shared fragments of `fragments/` (the
 * article card, used by every list; the article as its page and screen read it). What a client sends is the operation with the fragments
 * it uses, transitively, appended: that complete document is what the trusted-documents
 * manifest holds, what GraphiQL's example tabs show, and what the tests run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode } from 'graphql';

export const FRAGMENTS_FOLDER = 'examples/fragments';

function graphqlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.graphql'))
      .sort();
  } catch {
    return [];
  }
}

/** Every shared fragment by name. */
export function loadFragments(root: string): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const name of graphqlFiles(path.join(root, FRAGMENTS_FOLDER))) {
    for (const definition of parse(readFileSync(path.join(root, FRAGMENTS_FOLDER, name), 'utf8')).definitions) {
      if (definition.kind !== Kind.FRAGMENT_DEFINITION) throw new Error(`${FRAGMENTS_FOLDER}/${name}: only fragments belong here`);
      fragments.set(definition.name.value, definition);
    }
  }
  return fragments;
}

function spreadNames(node: DefinitionNode): string[] {
  const names: string[] = [];
  visit(node, { FragmentSpread: (spread) => void names.push(spread.name.value) });
  return names;
}

/**
 * The document a client sends for `source` (one named operation): the operation, then each
 * shared fragment it uses, transitively, in the order first used; printed by graphql-js.
 */
export function completeDocument(source: string, file: string, fragments: Map<string, FragmentDefinitionNode>): string {
  const document = parse(source);
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || !operations[0]!.name) throw new Error(`${file}: a document holds exactly one named operation`);
  const own = new Set(
    document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [definition.name.value] : [])),
  );
  const added: FragmentDefinitionNode[] = [];
  const pending = document.definitions.flatMap(spreadNames);
  for (let name; (name = pending.shift()) !== undefined;) {
    if (own.has(name)) continue;
    const fragment = fragments.get(name);
    if (!fragment) throw new Error(`${file}: no fragment ${name} here or in ${FRAGMENTS_FOLDER}/`);
    own.add(name);
    added.push(fragment);
    pending.push(...spreadNames(fragment));
  }
  return print({ ...document, definitions: [...document.definitions, ...added] });
}

export interface ExampleDocument {
  /** Relative to the project root: "examples/operations/HomePage.graphql". */
  file: string;
  operationName: string;
  /** The complete document, printed. */
  document: string;
  /** From the file's `# variables: {…}` comment: variables that work on the demo content. */
  variables: Record<string, unknown> | null;
  /** The file's first comment lines: what the operation is for. */
  description: string;
}

export function exampleDocuments(root: string, folder: string): ExampleDocument[] {
  const fragments = loadFragments(root);
  return graphqlFiles(path.join(root, folder)).map((name) => {
    const file = path.posix.join(folder, name);
    const source = readFileSync(path.join(root, folder, name), 'utf8');
    const variables = /^# variables: (.*)$/m.exec(source)?.[1];
    const description = (/^(#.*\n)+/.exec(source)?.[0] ?? '')
      .split('\n')
      .filter((line) => line.startsWith('#') && !line.startsWith('# variables:'))
      .map((line) => line.replace(/^# ?/, ''))
      .join(' ');
    return {
      file,
      operationName: path.basename(name, '.graphql'),
      document: completeDocument(source, file, fragments),
      variables: variables ? (JSON.parse(variables) as Record<string, unknown>) : null,
      description,
    };
  });
}
