// Fails on a test that asserts nothing (issue 14): every `it(...)`/`test(...)` in every *.test.ts of the repo
// (node:test with node:assert, or mocha-style with chai's `expect` in the browser tests) must assert somewhere in
// its callback, directly or through a helper that does.
//   node scripts/check-assertions.ts [file.test.ts …]   (no files: every test file outside node_modules)
// An assertion is a call of `expect`, `assert` or `assert.*` (or of anything else imported from node:assert, such
// as `rejects`), a `t.assert.*` call, chai's `should`, or a call of a helper that asserts: a function of the same
// file whose body asserts (transitively), or one of ASSERTING_HELPERS. Skipped and todo tests are left out.
// scripts/assertion-exceptions.txt lists tests allowed to fail the rule for now (`path › test name` a line, each
// with a reason comment above it); an entry that no longer matches an offender fails the check, so it is removed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..');
export const EXCEPTIONS_FILE = 'scripts/assertion-exceptions.txt';

/** What of each assertion library asserts when called: every import of node:assert but its classes; chai's three. */
const ASSERTION_MODULES: Record<string, (imported: string) => boolean> = {
  'node:assert': (imported) => imported !== 'AssertionError' && imported !== 'CallTracker',
  'node:assert/strict': (imported) => imported !== 'AssertionError' && imported !== 'CallTracker',
  assert: (imported) => imported !== 'AssertionError' && imported !== 'CallTracker',
  'assert/strict': (imported) => imported !== 'AssertionError' && imported !== 'CallTracker',
  chai: (imported) => imported === 'expect' || imported === 'assert' || imported === 'should',
};
/** Assertions used without an import (chai's and node's usual names). */
const GLOBAL_ASSERTIONS = ['expect', 'assert'];

/**
 * Imported helpers that fail the test when what they wait for or check does not happen, by the repo path of the
 * module they must be imported from. Only helpers that throw or reject on failure belong here.
 */
export const ASSERTING_HELPERS: Record<string, string> = {
  // Polls until its check is truthy; throws `timed out waiting for …` otherwise.
  waitFor: 'tests/helpers/wait.ts',
  // The end-to-end tests' waits: each throws on time-out (tvShows and pageShows with what is on screen instead).
  waitUntil: 'tests/e2e/support.ts',
  tvShows: 'tests/e2e/support.ts',
  pageShows: 'tests/e2e/support.ts',
};

export interface UnassertedTest {
  /** Repo path, with forward slashes. */
  file: string;
  line: number;
  /** The test's title as written (a template literal keeps its `${…}`). */
  name: string;
}

export interface FileReport {
  /** Tests found that are neither skipped nor todo. */
  checked: number;
  unasserted: UnassertedTest[];
}

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;

function unwrap(node: ts.Expression): ts.Expression {
  let expr = node;
  while (
    ts.isParenthesizedExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isSatisfiesExpression(expr) ||
    ts.isNonNullExpression(expr)
  )
    expr = expr.expression;
  return expr;
}

const isFunction = (node: ts.Node): node is ts.FunctionExpression | ts.ArrowFunction =>
  ts.isFunctionExpression(node) || ts.isArrowFunction(node);

/** `a.b.c` → { root: 'a', names: ['b', 'c'] }; the root is undefined unless the chain starts at an identifier. */
function calleeChain(callee: ts.Expression): { root: string | undefined; names: string[] } {
  const names: string[] = [];
  let expr = unwrap(callee);
  for (;;) {
    if (ts.isPropertyAccessExpression(expr)) {
      names.unshift(expr.name.text);
      expr = unwrap(expr.expression);
    } else if (ts.isElementAccessExpression(expr)) {
      if (ts.isStringLiteralLike(expr.argumentExpression)) names.unshift(expr.argumentExpression.text);
      expr = unwrap(expr.expression);
    } else break;
  }
  return { root: ts.isIdentifier(expr) ? expr.text : undefined, names };
}

/** How a call relates to tests: a test or suite (maybe skipped), or neither. */
function classify(call: ts.CallExpression): { kind: 'test' | 'suite'; skipped: boolean } | null {
  const { root, names } = calleeChain(call.expression);
  if (root === undefined || names.length > 1) return null;
  const kind =
    root === 'it' || root === 'test' || root === 'xit'
      ? 'test'
      : root === 'describe' || root === 'suite' || root === 'xdescribe'
        ? 'suite'
        : null;
  if (!kind) return null;
  const modifier = names[0];
  if (modifier !== undefined && modifier !== 'skip' && modifier !== 'todo' && modifier !== 'only')
    return null;
  let skipped = root.startsWith('x') || modifier === 'skip' || modifier === 'todo';
  // node:test's options: `test(name, { skip: true }, fn)`, `{ todo: 'why' }`. A condition (`{ skip: !hasSox }`)
  // means the test runs somewhere, so it is checked.
  for (const arg of call.arguments) {
    if (!ts.isObjectLiteralExpression(arg)) continue;
    for (const property of arg.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
      if (property.name.text !== 'skip' && property.name.text !== 'todo') continue;
      const value = unwrap(property.initializer);
      if (value.kind === ts.SyntaxKind.TrueKeyword || (ts.isStringLiteralLike(value) && value.text !== ''))
        skipped = true;
    }
  }
  return { kind, skipped };
}

function testName(call: ts.CallExpression, source: ts.SourceFile): string {
  const title = call.arguments[0];
  if (!title) return '(unnamed)';
  if (ts.isStringLiteralLike(title)) return title.text;
  if (ts.isTemplateExpression(title)) return title.getText(source).slice(1, -1);
  return title.getText(source);
}

/** The repo path a relative import of `file` points at. */
function resolveImport(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}

/**
 * The tests in one file's source that assert nothing. `file` is the file's repo path: it names the offenders and
 * resolves the imports of ASSERTING_HELPERS.
 */
export function checkSource(file: string, text: string): FileReport {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

  const assertionNames = new Set(GLOBAL_ASSERTIONS);
  /** `import * as chai from 'chai'`: which of its members assert (`chai.expect(…)`). */
  const namespaces = new Map<string, (imported: string) => boolean>();
  const importedHelpers = new Set<string>();
  const localFunctions = new Map<string, FunctionLike[]>();
  const addLocal = (name: string, fn: FunctionLike) =>
    localFunctions.set(name, [...(localFunctions.get(name) ?? []), fn]);

  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const specifier = statement.moduleSpecifier.text;
    const locals: { local: string; imported: string }[] = [];
    if (clause.name) locals.push({ local: clause.name.text, imported: 'default' });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) locals.push({ local: bindings.name.text, imported: '*' });
    if (bindings && ts.isNamedImports(bindings))
      for (const element of bindings.elements)
        if (!element.isTypeOnly)
          locals.push({ local: element.name.text, imported: (element.propertyName ?? element.name).text });
    const asserting = ASSERTION_MODULES[specifier];
    if (asserting) {
      for (const { local, imported } of locals) {
        if (imported === '*') namespaces.set(local, asserting);
        else if (asserting(imported)) assertionNames.add(local);
      }
      continue;
    }
    const target = resolveImport(file, specifier);
    for (const { local, imported } of locals)
      if (target !== null && ASSERTING_HELPERS[imported] === target) importedHelpers.add(local);
  }

  const collect = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name && node.body) addLocal(node.name.text, node);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = unwrap(node.initializer);
      if (isFunction(init)) addLocal(node.name.text, init);
    }
    ts.forEachChild(node, collect);
  };
  collect(source);

  /** Whether each local function's name stands for a helper that asserts: every definition by that name does. */
  const helperAsserts = new Map<string, boolean>();
  const localAsserts = (name: string): boolean => {
    const known = helperAsserts.get(name);
    if (known !== undefined) return known;
    const definitions = localFunctions.get(name);
    if (!definitions) return false;
    helperAsserts.set(name, false); // a helper that only recurses into itself asserts nothing
    const result = definitions.every((fn) => fn.body !== undefined && asserts(fn.body));
    helperAsserts.set(name, result);
    return result;
  };

  const isAssertion = (call: ts.CallExpression): boolean => {
    const { root, names } = calleeChain(call.expression);
    // node:test's `t.assert.ok(…)`; not a method named `assert` (`authority.assert(…)` signs an assertion).
    if (names.slice(0, -1).includes('assert')) return true;
    if (root === undefined) return false;
    if (assertionNames.has(root)) return true;
    const member = names[0];
    if (member !== undefined && namespaces.get(root)?.(member)) return true;
    return names.length === 0 && (importedHelpers.has(root) || localAsserts(root));
  };

  /** Whether anything inside `node` asserts, nested callbacks included. */
  function asserts(node: ts.Node): boolean {
    let found = false;
    const visit = (child: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(child) && isAssertion(child)) found = true;
      // chai's `x.should.equal(…)`, `x.should.be.true`
      else if (ts.isPropertyAccessExpression(child) && child.name.text === 'should') found = true;
      else ts.forEachChild(child, visit);
    };
    visit(node);
    return found;
  }

  const report: FileReport = { checked: 0, unasserted: [] };
  const walk = (node: ts.Node, insideSkipped: boolean): void => {
    if (ts.isCallExpression(node)) {
      const role = classify(node);
      if (role) {
        const skipped = insideSkipped || role.skipped;
        if (role.kind === 'test' && !skipped) {
          // node:test's `test(name)` without a function is a todo.
          const body = [...node.arguments]
            .reverse()
            .map(unwrap)
            .find((arg) => isFunction(arg) || ts.isIdentifier(arg));
          const callback =
            body && ts.isIdentifier(body)
              ? localFunctions.get(body.text)
                ? body // a named function of this file: it asserts if that helper does
                : undefined
              : body;
          if (callback) {
            report.checked++;
            const ok = ts.isIdentifier(callback) ? localAsserts(callback.text) : asserts(callback);
            if (!ok) {
              const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
              report.unasserted.push({ file, line, name: testName(node, source) });
            }
          }
        }
        for (const arg of node.arguments) walk(arg, skipped);
        return;
      }
    }
    ts.forEachChild(node, (child) => walk(child, insideSkipped));
  };
  walk(source, false);
  return report;
}

/** Every *.test.ts under `dir`, as repo paths; node_modules and hidden directories are not searched. */
export function findTestFiles(dir = root): string[] {
  const files: string[] = [];
  const visit = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  visit(dir);
  return files.map((path) => relative(dir, path).split(sep).join('/')).sort();
}

/** The key of a test in the exceptions file. */
export const exceptionKey = (test: Pick<UnassertedTest, 'file' | 'name'>) => `${test.file} › ${test.name}`;

/**
 * The exceptions file's entries: one `path › test name` a line; `#` lines are comments (the reason, above the
 * entry) and blank lines are ignored. An entry without a comment above it is an error.
 */
export function parseExceptions(text: string): { entries: Set<string>; problems: string[] } {
  const entries = new Set<string>();
  const problems: string[] = [];
  let reason = false;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') reason = false;
    else if (line.startsWith('#')) reason = true;
    else {
      if (!line.includes(' › ')) problems.push(`line ${index + 1}: not \`path › test name\`: ${line}`);
      else if (!reason) problems.push(`line ${index + 1}: no reason comment above: ${line}`);
      entries.add(line);
    }
  });
  return { entries, problems };
}

function main(args: string[]): number {
  const whole = args.length === 0;
  const files = whole
    ? findTestFiles()
    : args.map((arg) => relative(root, resolve(arg)).split(sep).join('/'));
  const exceptionsText = readFileSync(join(root, EXCEPTIONS_FILE), 'utf8');
  const { entries, problems } = parseExceptions(exceptionsText);

  let checked = 0;
  const offenders: UnassertedTest[] = [];
  const excused: UnassertedTest[] = [];
  for (const file of files) {
    const report = checkSource(file, readFileSync(join(root, file), 'utf8'));
    checked += report.checked;
    for (const test of report.unasserted) (entries.has(exceptionKey(test)) ? excused : offenders).push(test);
  }
  const used = new Set(excused.map(exceptionKey));
  const stale = whole ? [...entries].filter((entry) => !used.has(entry)) : [];

  for (const test of offenders) console.log(`${test.file}:${test.line}  ${test.name}`);
  for (const problem of problems) console.log(`${EXCEPTIONS_FILE}: ${problem}`);
  for (const entry of stale) console.log(`${EXCEPTIONS_FILE}: no longer an offender, remove it: ${entry}`);
  const excusedNote = excused.length ? ` (${excused.length} more allowed for now by ${EXCEPTIONS_FILE})` : '';
  if (offenders.length > 0) {
    console.log(`\n${offenders.length} of ${checked} tests assert nothing${excusedNote}.`);
    console.log(
      'Assert what the test name promises (or, if a helper asserts, see scripts/check-assertions.ts).',
    );
  } else
    console.log(
      `${checked - excused.length} tests in ${files.length} files, all asserting something${excusedNote}.`,
    );
  return offenders.length > 0 || problems.length > 0 || stale.length > 0 ? 1 : 0;
}

if (import.meta.main) process.exit(main(process.argv.slice(2)));
