/**
 * The example client operations in examples/operations: each a standalone document with one
 * named operation, valid against schema.graphql, and the typed documents generated from them
 * in examples/generated up to date (like the schema drift test).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, Kind, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import codegenConfig from '../../codegen.js';
import { exampleDocuments, loadFragments } from '../../src/persisted/example-documents.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const operationsDir = path.join(projectRoot, 'examples/operations');
const generatedDir = path.join(projectRoot, 'examples/generated');
const operationFiles = readdirSync(operationsDir)
  .filter((name) => name.endsWith('.graphql'))
  .sort();

describe('examples/operations', () => {
  const schema = buildSchema(readFileSync(path.join(projectRoot, 'schema.graphql'), 'utf8'));

  it('has the pages a news site needs, and an example for every entry point of the API', () => {
    expect(operationFiles).toEqual(
      expect.arrayContaining(
        [
          'ArticlePage',
          'HomePage',
          'TagPage',
          'AuthorPage',
          'SectionPage',
          'CategoriesMenu',
          'DailyArchivePage',
          'ArchiveCalendar',
          'SearchPage',
          'NodeLookup',
          'TagIndex',
        ].map((name) => `${name}.graphql`),
      ),
    );
    const queryFields = Object.keys(schema.getQueryType()!.getFields()).filter((field) => !['me', 'editorArticles'].includes(field));
    const used = new Set<string>();
    for (const example of exampleDocuments(projectRoot, 'examples/operations'))
      for (const definition of parse(example.document).definitions)
        if (definition.kind === Kind.OPERATION_DEFINITION)
          for (const selection of definition.selectionSet.selections) if (selection.kind === Kind.FIELD) used.add(selection.name.value);
    // Editors' entry points (me, editorArticles) are in examples/editorial.
    expect(queryFields.filter((field) => !used.has(field))).toEqual([]);
  });

  it.each(operationFiles)('%s is one named operation, named as its file, valid against schema.graphql with its fragments', (file) => {
    const [example] = exampleDocuments(projectRoot, 'examples/operations').filter((candidate) => candidate.file.endsWith(`/${file}`));
    const document = parse(example!.document);
    const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    expect(operations).toHaveLength(1);
    expect(operations[0]!.name?.value).toBe(path.basename(file, '.graphql'));
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    expect(example!.variables, `${file} has a "# variables:" comment`).not.toBeNull();
  });

  it('shares the article card: lists spread one fragment instead of repeating its fields', () => {
    const sources = operationFiles.map((file) => readFileSync(path.join(operationsDir, file), 'utf8'));
    expect(sources.filter((source) => source.includes('...ArticleCard')).length).toBeGreaterThanOrEqual(6);
    expect([...loadFragments(projectRoot).keys()]).toEqual(expect.arrayContaining(['ArticleCard', 'PageInfoFields']));
  });

  it('shares the article as it reads between the article page and the article screen', () => {
    for (const file of ['ArticlePage.graphql', 'ArticleScreen.graphql']) {
      const source = readFileSync(path.join(operationsDir, file), 'utf8');
      expect(source, file).toContain('...ArticleReading');
      expect(source, file).toContain('...RelatedArticle');
    }
  });
});

describe('examples/generated', () => {
  it('is what `npm run codegen` writes from schema.graphql and examples/operations (run it after changing either)', async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...codegenConfig, cwd: projectRoot, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = readFileSync(path.join(projectRoot, output.filename), 'utf8');
      expect(committed, `${output.filename} is stale: run \`npm run codegen\``).toBe(output.content);
    }
    const expected = outputs.map((output) => path.relative(generatedDir, path.join(projectRoot, output.filename))).sort();
    expect(readdirSync(generatedDir).sort()).toEqual(expected);
  });
});
