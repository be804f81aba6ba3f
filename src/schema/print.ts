import { printSchema } from 'graphql';
import { sortedSchema } from './index.js';

const header = '# Generated from the code-first schema in src/schema by `npm run print-schema`. Do not edit.\n\n';

/** The contents of schema.graphql. */
export function printSchemaFile(): string {
  return `${header}${printSchema(sortedSchema)}\n`;
}
