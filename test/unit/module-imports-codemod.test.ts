import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../scripts/codemods/module-imports.mjs');

/** A tiny tree with two modules, where `b` reaches into `a`'s inner file. */
function scratchTree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'module-imports-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  fs.mkdirSync(path.join(root, 'scripts/codemods'), { recursive: true });
  fs.copyFileSync(SCRIPT, path.join(root, 'scripts/codemods/module-imports.mjs'));
  fs.symlinkSync(path.resolve(__dirname, '../../node_modules'), path.join(root, 'node_modules'));
  fs.copyFileSync(path.resolve(__dirname, '../../.prettierrc.json'), path.join(root, '.prettierrc.json'));
  write(
    'src/modules/a/index.ts',
    "export const aModule = { name: 'a' };\nexport { AService as RenamedService } from './a.service';\n",
  );
  write(
    'src/modules/a/a.service.ts',
    'export class AService {}\nexport interface AThing {\n  id: string;\n}\n',
  );
  write(
    'src/modules/b/b.service.ts',
    "import { AService } from '../a/a.service';\nimport type { AThing } from '../a/a.service';\n\n" +
      'export const b = (t: AThing) => new AService() && t;\n',
  );
  write(
    'src/modules/b/index.ts',
    "import { b } from './b.service';\n\nexport const bModule = { name: 'b', b };\n",
  );
  return root;
}

const run = (root: string, ...args: string[]) =>
  execFileSync('node', [path.join(root, 'scripts/codemods/module-imports.mjs'), ...args], {
    encoding: 'utf8',
  });

describe('scripts/codemods/module-imports.mjs', () => {
  it('rewrites a deep import to the index, re-exports what it needs, and changes nothing the second time', () => {
    const root = scratchTree();
    try {
      expect(() => run(root, '--check')).toThrow(); // something to do: --check exits 1
      expect(run(root)).toMatch(/^2 deep import\(s\) rewritten/);
      const b = fs.readFileSync(path.join(root, 'src/modules/b/b.service.ts'), 'utf8');
      expect(b).toContain("import { AService } from '../a';");
      expect(b).toContain("import type { AThing } from '../a';");
      const a = fs.readFileSync(path.join(root, 'src/modules/a/index.ts'), 'utf8');
      expect(a).toContain("export const aModule = { name: 'a' };");
      expect(a).toContain("export { AService } from './a.service';");
      expect(a).toContain("export type { AThing } from './a.service';");
      // A re-export under another name survives the regeneration (it once was dropped).
      expect(a).toContain("export { AService as RenamedService } from './a.service';");
      expect(run(root, '--check')).toMatch(/^0 deep import\(s\) to rewrite; 0 file\(s\) would change/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
