#!/usr/bin/env node
/**
 * Rewrites every import of another module's inner file into an import of that module's index.ts, and adds to
 * each index.ts the re-exports its importers need. Everything is derived from the source, so it can be re-run
 * at any time (after a merge, say); a second run changes nothing.
 *
 *   node scripts/codemods/module-imports.mjs          rewrite, then format the changed files with Prettier
 *   node scripts/codemods/module-imports.mjs --check  change nothing; list what would change, exit 1 if any
 *
 * "Another module": a file under src/ outside src/modules/<m>/ (another module, app/, db/, main.ts) importing
 * src/modules/<m>/<anything but index.ts>. Imports inside one module are left alone, as are tests. The
 * re-exports go at the end of the index, one `export { ... } from './file'` (or `export type`) per file, and
 * are regenerated as a whole on every run (the ones already there are kept).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import * as prettier from 'prettier';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SRC = path.join(ROOT, 'src');
const MODULES = path.join(SRC, 'modules');
const check = process.argv.includes('--check');
const MARK = '// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).';

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The module a file belongs to (its folder under src/modules), or null. */
function moduleOf(file) {
  const rel = path.relative(MODULES, file);
  return rel.startsWith('..') || !rel.includes(path.sep) ? null : rel.split(path.sep)[0];
}

/** The .ts file a relative specifier names, or null. */
function resolve(fromFile, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const c of [base + '.ts', path.join(base, 'index.ts'), base])
    if (fs.existsSync(c) && c.endsWith('.ts')) return c;
  return null;
}

const parse = (file, text) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
const specOf = (rel) => {
  const s = rel.split(path.sep).join('/');
  return s.startsWith('.') ? s : './' + s;
};

const files = walk(SRC);
/** module → (file in the module → Map(name → 'value' | 'type')) */
const needed = new Map();
const need = (mod, file, name, kind) => {
  if (!needed.has(mod)) needed.set(mod, new Map());
  const byFile = needed.get(mod);
  if (!byFile.has(file)) byFile.set(file, new Map());
  const names = byFile.get(file);
  if (names.get(name) !== 'value') names.set(name, kind);
};
const edits = new Map(); // file → [{ start, end, text }]
const problems = [];

// 1. Find deep imports and plan their rewrites.
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const sf = parse(file, text);
  const own = moduleOf(file);
  for (const st of sf.statements) {
    const isImport = ts.isImportDeclaration(st);
    const isReexport = ts.isExportDeclaration(st) && st.moduleSpecifier;
    if (!isImport && !isReexport) continue;
    const spec = st.moduleSpecifier.text;
    const target = resolve(file, spec);
    if (!target) continue;
    const mod = moduleOf(target);
    if (
      !mod ||
      mod === own ||
      (path.basename(target) === 'index.ts' && path.dirname(target) === path.join(MODULES, mod))
    )
      continue;
    const where = `${path.relative(ROOT, file)}: '${spec}'`;
    const wholeType = isImport ? !!st.importClause?.isTypeOnly : st.isTypeOnly;
    if (isImport) {
      const clause = st.importClause;
      if (!clause) {
        problems.push(`${where}: a side-effect import of another module's file`);
        continue;
      }
      if (clause.name) {
        problems.push(`${where}: a default import (modules use named exports)`);
        continue;
      }
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) {
        problems.push(`${where}: a namespace import`);
        continue;
      }
      for (const el of nb?.elements ?? [])
        need(mod, target, (el.propertyName ?? el.name).text, wholeType || el.isTypeOnly ? 'type' : 'value');
    } else {
      if (!st.exportClause || !ts.isNamedExports(st.exportClause)) {
        problems.push(`${where}: export * from another module's file`);
        continue;
      }
      for (const el of st.exportClause.elements)
        need(mod, target, (el.propertyName ?? el.name).text, wholeType || el.isTypeOnly ? 'type' : 'value');
    }
    const index = path.join(MODULES, mod);
    let rel = path.relative(path.dirname(file), index);
    const lit = st.moduleSpecifier;
    const quote = text[lit.getStart(sf)];
    if (!edits.has(file)) edits.set(file, []);
    edits.get(file).push({ start: lit.getStart(sf), end: lit.getEnd(), text: quote + specOf(rel) + quote });
  }
}
if (problems.length) {
  console.error(
    'Cannot rewrite these imports by themselves; change them by hand, then re-run:\n  ' +
      problems.join('\n  '),
  );
  process.exit(2);
}

// 2. Regenerate each index's re-exports: the ones already there, plus the ones needed now.
const changed = new Map(); // file → its new text
for (const mod of fs.readdirSync(MODULES)) {
  const indexFile = path.join(MODULES, mod, 'index.ts');
  if (!fs.statSync(path.join(MODULES, mod)).isDirectory()) continue;
  const byFile = needed.get(mod) ?? new Map();
  if (!fs.existsSync(indexFile)) {
    if (byFile.size) problems.push(`src/modules/${mod} has no index.ts (write its manifest first)`);
    continue;
  }
  const text = fs.readFileSync(indexFile, 'utf8');
  const sf = parse(indexFile, text);
  const exportedHere = new Set(); // names the index exports itself (its manifest, say)
  const kept = []; // [start, end] of re-export statements to regenerate
  const aliases = []; // `export { a as b } from './x'` lines, kept as they are
  for (const st of sf.statements) {
    if (
      ts.isExportDeclaration(st) &&
      st.moduleSpecifier &&
      st.exportClause &&
      ts.isNamedExports(st.exportClause)
    ) {
      const target = resolve(indexFile, st.moduleSpecifier.text);
      if (target && moduleOf(target) === mod) {
        for (const el of st.exportClause.elements) {
          if (el.propertyName && el.propertyName.text !== el.name.text) {
            exportedHere.add(el.name.text);
            const kw = st.isTypeOnly || el.isTypeOnly ? 'export type' : 'export';
            aliases.push(
              `${kw} { ${el.propertyName.text} as ${el.name.text} } from '${st.moduleSpecifier.text}';`,
            );
          } else need(mod, target, el.name.text, st.isTypeOnly || el.isTypeOnly ? 'type' : 'value');
        }
        kept.push([st.getFullStart(), st.getEnd()]);
        continue;
      }
    }
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    if (mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations) exportedHere.add(d.name.getText(sf));
      else if (st.name) exportedHere.add(st.name.text);
    }
  }
  const all = needed.get(mod) ?? new Map();
  if (!all.size && !edits.has(indexFile)) continue;
  // One name, one file: two files exporting the same name to other modules would collide in the index.
  const owner = new Map();
  for (const [file, names] of all)
    for (const name of names.keys()) {
      if (exportedHere.has(name)) continue;
      if (owner.has(name) && owner.get(name) !== file)
        problems.push(
          `src/modules/${mod}: '${name}' is imported from both ${path.basename(owner.get(name))} and ${path.basename(file)}`,
        );
      owner.set(name, file);
    }
  const lines = [];
  for (const file of [...all.keys()].sort()) {
    const names = [...all.get(file)].filter(([n]) => !exportedHere.has(n));
    const spec = specOf(
      path
        .relative(path.dirname(indexFile), file)
        .replace(/\.ts$/, '')
        .replace(/\/index$/, ''),
    );
    const values = names
      .filter(([, k]) => k === 'value')
      .map(([n]) => n)
      .sort();
    const types = names
      .filter(([, k]) => k === 'type')
      .map(([n]) => n)
      .sort();
    if (values.length) lines.push(`export { ${values.join(', ')} } from '${spec}';`);
    if (types.length) lines.push(`export type { ${types.join(', ')} } from '${spec}';`);
  }
  lines.push(...aliases.sort());
  // The index's own imports of other modules are rewritten too, with the re-exports removed for regeneration.
  const cuts = [...kept.map(([start, end]) => ({ start, end, text: '' })), ...(edits.get(indexFile) ?? [])];
  let body = text;
  for (const c of cuts.sort((a, b) => b.start - a.start))
    body = body.slice(0, c.start) + c.text + body.slice(c.end);
  body = body.replace(MARK, '').trimEnd();
  const next = lines.length ? `${body}\n\n${MARK}\n${lines.join('\n')}\n` : `${body}\n`;
  if (next !== text) changed.set(indexFile, next);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(2);
}
for (const [file, list] of edits) {
  if (changed.has(file)) continue; // an index: edited with its re-exports above
  let text = fs.readFileSync(file, 'utf8');
  for (const e of list.sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.text + text.slice(e.end);
  changed.set(file, text);
}

// 3. Write (formatted as the repository formats), or report.
const results = [];
for (const [file, text] of changed) {
  const options = (await prettier.resolveConfig(file)) ?? {};
  const formatted = await prettier.format(text, { ...options, filepath: file });
  if (formatted === fs.readFileSync(file, 'utf8')) continue;
  results.push(path.relative(ROOT, file));
  if (!check) fs.writeFileSync(file, formatted);
}
const deep = [...edits.values()].reduce((n, l) => n + l.length, 0);
console.log(
  `${deep} deep import(s) ${check ? 'to rewrite' : 'rewritten'}; ${results.length} file(s) ${check ? 'would change' : 'changed'}`,
);
for (const r of results) console.log('  ' + r);
if (check && results.length) process.exit(1);
