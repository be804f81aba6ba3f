/**
 * What GraphiQL opens with: the reference article's page, as a web frontend fetches it, and a
 * tab for each example operation in examples/ (every entry point: the pages of a news site,
 * the daily archive and its calendar, search, refetching by id, the tag index, and the CMS's
 * editorial flows), each with variables that work on the demo content. The tabs are the same
 * documents the tests run and the trusted-documents manifest holds, shared fragments included.
 */
import { parse, parseValue, print, visit } from 'graphql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { exampleDocuments, type ExampleDocument } from '../persisted/example-documents.js';
import { projectRoot } from '../persisted/manifest.js';

/** Example folders shown as tabs, readers' pages first; ArticlePage is the first tab already. */
const EXAMPLE_FOLDERS = ['examples/operations', 'examples/editorial'];

function examples(root: string): ExampleDocument[] {
  return EXAMPLE_FOLDERS.flatMap((folder) => exampleDocuments(root, folder));
}

/**
 * The first tab: examples/operations/ArticlePage.graphql with its example variables as their
 * defaults, so that ▶ runs it as it stands, also in a new tab, which GraphiQL opens without
 * variables.
 */
export function defaultGraphiqlQuery(root = projectRoot): string {
  return articlePageTab(examples(root));
}

function articlePageTab(all: readonly ExampleDocument[]): string {
  const example = all.find((candidate) => candidate.operationName === 'ArticlePage');
  if (!example) throw new Error('examples/operations/ArticlePage.graphql is missing: GraphiQL opens with it');
  const variables = example.variables ?? {};
  const document = visit(parse(example.document), {
    VariableDefinition: (definition) => {
      const name = definition.variable.name.value;
      // The examples' variables are strings and numbers, which read the same in JSON and GraphQL.
      return name in variables ? { ...definition, defaultValue: parseValue(JSON.stringify(variables[name])) } : undefined;
    },
  });
  return `# ${example.description}\n# Press ▶ to run it. The other tabs hold an example for every entry point of the API.\n${print(document)}`;
}

function exampleTabs(all: readonly ExampleDocument[]): NonNullable<GraphiQLOptions['defaultTabs']> {
  return all
    .filter((example) => example.operationName !== 'ArticlePage')
    .map((example) => ({
      query: `# ${example.description}\n# (${example.file}${example.file.startsWith('examples/editorial') ? '; send an editor\'s token: Headers → {"Authorization": "Bearer ngw_…"}' : ''})\n${example.document}`,
      variables: example.variables ? JSON.stringify(example.variables, null, 2) : null,
    }));
}

export function graphiqlOptions(root = projectRoot): GraphiQLOptions {
  // The example files are read once, at start-up.
  const all = examples(root);
  const articlePage = articlePageTab(all);
  return {
    title: 'News gateway · GraphiQL',
    defaultQuery: articlePage,
    defaultTabs: [{ query: articlePage }, ...exampleTabs(all)],
  };
}
