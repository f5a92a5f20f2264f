/**
 * `npx tsx scripts/check-imports.ts [--root DIR]`: the house rules on `src/` that a reviewer
 * would otherwise check by eye, so they hold without anyone remembering them. It reads every
 * import with the TypeScript compiler (static `import`, `import type`, `export … from`, dynamic
 * `import()` and `require()` with a literal path) and reports:
 *
 * - an import cycle between files;
 * - an import from a lower layer up (the layer list is below; a folder sits on one layer);
 * - a file over 400 lines;
 * - an import of a devDependency (product code must run from `dependencies` alone).
 *
 * There is no allow-list: a finding is fixed in the code, not excused here. `npm test` runs this on
 * `src/` (test/tools/check-imports.test.ts), and that test also plants each kind of finding in a
 * temporary folder to show the check catches it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

/**
 * The layers of `src/`, top to bottom. A file may import from its own layer or any layer below,
 * never from a layer above. Keys are the first path segment under `src/` (a folder, or a file at
 * the top of `src/`).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['main.ts', 'server.ts', 'attach-channels.ts'], // wiring: the one place things are put together
  ['channels', 'http'], // adapters at the edge
  ['dialog', 'teach'], // per-conversation state, staff actions, delivery; what staff teach (gaps, links, Q&A answers)
  ['answer', 'leads', 'ingest'], // the question service, lead capture, building the index
  ['understanding'], // learned models over what people write (used by dialog, answer and leads)
  ['retrieval'], // embedders, the vector and BM25 indexes, the knowledge base
  ['store', 'guard', 'text'], // SQLite, safeguards, Chinese text handling
  ['core', 'config.ts', 'config-doc.ts'], // ports, shared types, the one config
];

/** Longest a file in `src/` may be. */
export const MAX_LINES = 400;

/** One finding of the check. */
export interface Finding {
  kind: 'cycle' | 'upward' | 'too-long' | 'dev-dependency' | 'unknown-layer' | 'unresolved';
  /** Paths relative to the checked root. */
  files: string[];
  message: string;
}

/** What to check: the source folder and the package.json whose devDependencies are banned there. */
export interface CheckOptions {
  srcDir: string;
  packageJson: string;
  layers?: readonly (readonly string[])[];
  maxLines?: number;
}

interface ImportRef {
  specifier: string;
}

const SOURCE_EXT = /\.(ts|mts|cts|mjs|js|cjs)$/;

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listSources(path));
    else if (SOURCE_EXT.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

/** Every module specifier a file names: imports, re-exports, `import()` and `require()` with a literal. */
export function readImports(path: string, text = readFileSync(path, 'utf8')): ImportRef[] {
  const kind = /\.(mjs|js|cjs)$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, kind);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      refs.push({ specifier: node.moduleSpecifier.text });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      refs.push({ specifier: node.moduleReference.expression.text });
    } else if (ts.isCallExpression(node)) {
      const [arg] = node.arguments;
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((isImport || isRequire) && arg && ts.isStringLiteralLike(arg)) refs.push({ specifier: arg.text });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      refs.push({ specifier: node.argument.literal.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return refs;
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** The npm package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for `node:` and relative ones. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function layerKey(rel: string): string {
  return rel.split(sep)[0] ?? rel;
}

/** Runs every check over `srcDir` and returns the findings (empty when the rules hold). */
export function checkSource(options: CheckOptions): Finding[] {
  const layers = options.layers ?? LAYERS;
  const maxLines = options.maxLines ?? MAX_LINES;
  const srcDir = resolve(options.srcDir);
  const pkg = JSON.parse(readFileSync(options.packageJson, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const devOnly = new Set(Object.keys(pkg.devDependencies ?? {}).filter((d) => !deps.has(d)));
  const layerOf = new Map<string, number>();
  layers.forEach((keys, i) => keys.forEach((k) => layerOf.set(k, i)));

  const findings: Finding[] = [];
  const rel = (p: string): string => relative(srcDir, p).split(sep).join('/');
  const files = listSources(srcDir);
  const graph = new Map<string, string[]>();

  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > maxLines) findings.push({ kind: 'too-long', files: [rel(file)], message: `${rel(file)} has ${lines} lines (at most ${maxLines})` });
    const fromKey = layerKey(relative(srcDir, file));
    const fromLayer = layerOf.get(fromKey);
    if (fromLayer === undefined) findings.push({ kind: 'unknown-layer', files: [rel(file)], message: `${rel(file)}: "${fromKey}" is on no layer; add it to LAYERS in scripts/check-imports.ts and to the README` });
    const edges: string[] = [];
    for (const { specifier } of readImports(file, text)) {
      const dep = packageOf(specifier);
      if (dep !== undefined) {
        if (devOnly.has(dep)) findings.push({ kind: 'dev-dependency', files: [rel(file)], message: `${rel(file)} imports the devDependency "${dep}"` });
        continue;
      }
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelative(file, specifier);
      if (!target) {
        findings.push({ kind: 'unresolved', files: [rel(file)], message: `${rel(file)}: cannot resolve "${specifier}"` });
        continue;
      }
      if (!target.startsWith(srcDir + sep)) continue;
      if (!SOURCE_EXT.test(target)) continue;
      edges.push(target);
      const toKey = layerKey(relative(srcDir, target));
      const toLayer = layerOf.get(toKey);
      if (fromLayer !== undefined && toLayer !== undefined && toLayer < fromLayer) {
        findings.push({ kind: 'upward', files: [rel(file), rel(target)], message: `${rel(file)} (layer ${fromKey}) imports ${rel(target)} from the higher layer ${toKey}` });
      }
    }
    graph.set(file, [...new Set(edges)]);
  }

  for (const cycle of findCycles(graph)) {
    const names = cycle.map(rel);
    findings.push({ kind: 'cycle', files: names, message: `import cycle: ${[...names, names[0]].join(' → ')}` });
  }
  return findings;
}

/** Each strongly connected set of files (Tarjan), reported as one cycle through it. */
function findCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).includes(v);
      if (comp.length > 1 || selfLoop) out.push(pathThrough(graph, new Set(comp), v));
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

/** A concrete cycle inside one strongly connected set, starting and ending at `start`. */
function pathThrough(graph: Map<string, string[]>, comp: Set<string>, start: string): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!comp.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return path;
      }
      if (!seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...comp];
}

const USAGE = 'usage: npx tsx scripts/check-imports.ts [--root DIR]   (checks DIR/src against DIR/package.json; DIR defaults to the project)';

function main(): void {
  let values: { root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const root = resolve(values.root ?? join(import.meta.dirname, '..'));
  const findings = checkSource({ srcDir: join(root, 'src'), packageJson: join(root, 'package.json') });
  for (const f of findings) console.error(`${f.kind}: ${f.message}`);
  console.log(findings.length === 0 ? 'imports: layers hold, no cycles, no long files, no devDependencies in src/' : `${findings.length} finding(s)`);
  process.exitCode = findings.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
