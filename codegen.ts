/**
 * GraphQL Code Generator: typed documents for the example client operations in
 * examples/operations, from schema.graphql, into examples/generated (committed).
 * `npm run codegen` rewrites them; a test fails when they are stale.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  // The shared fragments (the article card…) and the operations that spread them.
  documents: ['examples/fragments/*.graphql', 'examples/operations/*.graphql'],
  ignoreNoDocuments: false,
  // Relative imports with their .js extension, so the output also runs as plain Node ESM.
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Custom scalars as they travel in JSON: DateTime "2024-03-04T14:26:47+07:00",
        // LocalDate "2024-03-04";
        // JSON (structuredData) as the JSON-LD object it is.
        scalars: { DateTime: 'string', LocalDate: 'string', JSON: 'Record<string, unknown>' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
      },
    },
  },
};

export default config;
