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

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const operationsDir = path.join(projectRoot, 'examples/operations');
const generatedDir = path.join(projectRoot, 'examples/generated');
const operationFiles = readdirSync(operationsDir)
  .filter((name) => name.endsWith('.graphql'))
  .sort();

describe('examples/operations', () => {
  const schema = buildSchema(readFileSync(path.join(projectRoot, 'schema.graphql'), 'utf8'));

  it('has the pages a news site needs', () => {
    expect(operationFiles).toEqual(
      expect.arrayContaining(
        ['ArticlePage', 'HomePage', 'TagPage', 'AuthorPage', 'SectionPage', 'CategoriesMenu'].map((name) => `${name}.graphql`),
      ),
    );
  });

  it.each(operationFiles)('%s is one named operation, named as its file, valid against schema.graphql', (file) => {
    const document = parse(readFileSync(path.join(operationsDir, file), 'utf8'));
    const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    expect(operations).toHaveLength(1);
    expect(operations[0]!.name?.value).toBe(path.basename(file, '.graphql'));
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
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
