// GraphQL Code Generator: typed documents for the Apollo Client and urql examples (and the setup script), from
// the committed schema. `npm run codegen` writes gql/ (the `graphql()` function and the types) and
// persisted-documents.json (hash → document, the manifest a trusted-documents server loads).
// The Relay example is compiled by relay-compiler instead (relay.config.json).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['shared/**/*.ts', 'apollo/**/*.ts', 'urql/**/*.ts', 'setup/**/*.ts'],
  ignoreNoDocuments: false,
  generates: {
    './gql/': {
      preset: 'client',
      presetConfig: {
        // Fragment masking is for UI components; the examples read the data where they query it.
        fragmentMasking: false,
        // Writes gql/persisted-documents.json and adds `__meta__.hash` (sha256 of the printed document) to
        // every generated document; the documents keep their text, so they still run on today's server.
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
