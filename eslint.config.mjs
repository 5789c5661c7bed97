// @ts-check
import graphql from '@graphql-eslint/eslint-plugin';
import tseslint from 'typescript-eslint';

const CODE = ['**/*.{ts,mts,cts,js,mjs,cjs}'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      '.test-build/**',
      '.test-build-outbox/**',
      '.bench/**',
      // examples/ is its own npm project; its sources are linted, its dependencies and generated code are not.
      'examples/node_modules/**',
      'examples/gql/**',
      'examples/**/__generated__/**',
    ],
  },
  // TypeScript's rules on code only (the schema below has its own parser).
  ...tseslint.configs.recommended.map((c) => (c.files ? c : { ...c, files: CODE })),
  {
    files: CODE,
    languageOptions: {
      // Lets consistent-type-imports keep value imports that decorator metadata needs at run time.
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The schema as clients see it (`npm run -s schema:emit` writes it): Relay's connection, edge, PageInfo and
  // argument shapes, and one `id: ID!` on every object type but the value types listed here.
  {
    files: ['schema.graphql'],
    languageOptions: {
      parser: graphql.parser,
      parserOptions: { graphQLConfig: { schema: 'schema.graphql' } },
    },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      '@graphql-eslint/relay-connection-types': 'error',
      // Edges carry Nodes; bounded plain lists (enum sets, a record's countries, capped histories) stay lists.
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false }],
      '@graphql-eslint/relay-page-info': 'error',
      '@graphql-eslint/relay-arguments': 'error',
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          acceptedIdNames: ['id'],
          acceptedIdTypes: ['ID'],
          exceptions: {
            // Value types: no identity of their own, only reached through the object that holds them.
            types: [
              'PageInfo', // a page's position, recomputed for every page
              'Country', // reference data keyed by its ISO code (`code`), packaged with the code, not a row
              'Region', // reference data keyed by its UN M49 code (`code`)
              'ThematicArea', // reference data keyed by its code (`code`)
              'CentralAuthorityRevision', // an immutable step of an entry's history, read through the entry
              'PostTransition', // an immutable step of a post's review history, read through the post
              'LegalDevelopmentTransition', // an immutable step of a development's review history
              'TreatyStatusChange', // an immutable recorded action, in the history of a TreatyStatus
              'ModerationLogDetail', // a key/value fact of one log entry
              'NotificationPreference', // one switch of the viewer's settings, keyed by its notification type
              'TreatyMatrix', // computed for the countries asked about
              'TreatyMatrixRow', // one instrument's line of a computed matrix
              'TreatyMatrixCell', // one country's cell of a computed matrix (its TreatyStatus is the Node)
              'LiveEventSpeaker', // a person's role at one live event, read through the event
              'SearchHighlight', // text cut from one search hit, computed for that query
              'SearchHighlightRange', // a match inside a highlight's text
              'SearchTypeCount', // a count of one search's hits of one kind
              'SavedSearchFilter', // the filter of one saved search, read through the saved search
              'CourseProgress', // a learner's counts in one course, read through the enrolment
              'ModuleProgressState', // a module's state for the viewer, computed per request
              'Quiz', // a QUIZ lesson's quiz as the viewer sees it, computed per request through the lesson
              'QuizAttempt', // an immutable scored attempt, read only by its learner through the lesson's quiz
              'CertificateVerification', // the public answer about a code: no id, on purpose (nothing to follow)
              'CourseInvitationPreview', // the public answer about an invitation link: no id, on purpose
            ],
            // Relay's wrappers, and mutation results (every mutation returns a `<Name>Payload`).
            suffixes: ['Connection', 'Edge', 'Payload'],
          },
        },
      ],
    },
  },
);
