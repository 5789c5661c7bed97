/**
 * Architecture rules, checked by `npm run lint` (dependency-cruiser). See ARCHITECTURE.md, "Layout".
 * Every rule is an error and fails the build. Not enforced yet: "no deep import into another module" (a module
 * used only through its index.ts), which the module manifests will make possible; 230 such imports today.
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
      name: 'modules-do-not-import-app',
      severity: 'error',
      comment: 'The app wires modules together; a module never reaches into it.',
      from: { path: '^src/modules/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'content-kernel-knows-no-content-type',
      severity: 'error',
      comment:
        'The content kernel serves every content type: types register a kind with it, it never imports one.',
      from: { path: '^src/modules/content/' },
      to: { path: '^src/modules/(post|legal-development|comment)/' },
    },
    {
      name: 'src-does-not-import-tests-or-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
