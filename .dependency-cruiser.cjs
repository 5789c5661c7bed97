/**
 * Architecture rules, checked by `npm run lint` (dependency-cruiser). See ARCHITECTURE.md, "Layout".
 * Every rule is an error and fails the build. A deep import into another module is rewritten to its index
 * (with the re-exports the index needs) by `node scripts/codemods/module-imports.mjs`.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter (decorators read classes at import time).',
      from: { path: '^src' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'common-is-not-domain',
      severity: 'error',
      comment: 'src/common and src/platform are shared pieces: they never import a domain module or the app.',
      from: { path: '^src/(common|platform)/' },
      to: { path: '^src/(modules|app)/' },
    },
    {
      name: 'modules-meet-through-their-index',
      severity: 'error',
      comment:
        'A module uses another only through its index.ts (its manifest and public API), never an inner file. ' +
        'Fix: node scripts/codemods/module-imports.mjs',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index[.]ts$'] },
    },
    {
      name: 'outside-modules-through-their-index',
      severity: 'error',
      comment:
        'app/, db/ and main.ts use a module only through its index.ts. Fix: node scripts/codemods/module-imports.mjs',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index[.]ts$' },
    },
    {
      name: 'modules-do-not-import-app',
      severity: 'error',
      comment: 'The app wires modules together; a module never reaches into it.',
      from: { path: '^src/modules/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'src-does-not-import-tests-or-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'content-kernel-knows-no-content-type',
      severity: 'error',
      comment:
        'The content kernel serves every content type: types register a kind with it, it never imports one.',
      from: { path: '^src/modules/content/' },
      to: { path: '^src/modules/(post|legal-development|comment)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
