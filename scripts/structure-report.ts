/**
 * Prints one JSON line about the source tree's shape: files and lines, files over 400 lines,
 * the largest functions, and import cycles between modules and between folders. Used to compare the layout before
 * and after a restructuring (`npx tsx scripts/structure-report.ts [root]`).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? '.');
const srcRoot = join(root, 'src');
const LONG_FILE = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string, known: Set<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (known.has(candidate)) return candidate;
  }
  return null;
}

interface FunctionSize {
  name: string;
  file: string;
  lines: number;
}

function functionName(node: ts.Node, sf: ts.SourceFile): string | null {
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
    return node.name?.getText(sf) ?? '(anonymous)';
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.parent) {
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
      return parent.name.getText(sf);
    }
  }
  return null;
}

/** Strongly connected components of size > 1 (Tarjan): each is one import cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, order.get(next)!));
      }
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return found;
}

const files = sourceFiles(srcRoot);
const known = new Set(files);
const valueImports = new Map<string, Set<string>>();
const allImports = new Map<string, Set<string>>();
const functions: FunctionSize[] = [];
let totalLines = 0;
const longFiles: { file: string; lines: number }[] = [];

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  totalLines += lines;
  if (lines > LONG_FILE) longFiles.push({ file: rel, lines });
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const values = new Set<string>();
  const all = new Set<string>();
  for (const statement of sf.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const target = resolveImport(file, statement.moduleSpecifier.text, known);
      if (!target) continue;
      all.add(target);
      const typeOnly = ts.isImportDeclaration(statement)
        ? statement.importClause?.isTypeOnly === true ||
          (statement.importClause?.namedBindings !== undefined &&
            ts.isNamedImports(statement.importClause.namedBindings) &&
            !statement.importClause.name &&
            statement.importClause.namedBindings.elements.every((e) => e.isTypeOnly))
        : statement.isTypeOnly;
      if (!typeOnly) values.add(target);
    }
  }
  valueImports.set(file, values);
  allImports.set(file, all);
  const walk = (node: ts.Node): void => {
    const name = functionName(node, sf);
    if (name) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      functions.push({ name, file: rel, lines: end - start + 1 });
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
}

const rel = (group: string[]) => group.map((file) => relative(root, file));
/** The same graph between folders: two that import each other are features leaning on each other. */
const folderImports = new Map<string, Set<string>>();
for (const [file, targets] of valueImports) {
  const from = dirname(file);
  const set = folderImports.get(from) ?? new Set<string>();
  for (const target of targets) if (dirname(target) !== from) set.add(dirname(target));
  folderImports.set(from, set);
}
functions.sort((a, b) => b.lines - a.lines);
console.log(
  JSON.stringify({
    files: files.length,
    lines: totalLines,
    filesOver400: longFiles.sort((a, b) => b.lines - a.lines),
    largestFunctions: functions.slice(0, 10),
    functionsOver60Lines: functions.filter((f) => f.lines > 60).length,
    importCycles: cycles(valueImports).map(rel),
    importCyclesWithTypes: cycles(allImports).map(rel),
    foldersImportingEachOther: [...folderImports].flatMap(([from, targets]) =>
      [...targets]
        .filter((to) => from < to && folderImports.get(to)?.has(from))
        .map((to) => rel([from, to])),
    ),
  }),
);
