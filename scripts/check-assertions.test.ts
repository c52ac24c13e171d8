import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { checkSource, parseExceptions } from './check-assertions.ts';

/** The names of the tests in `source` (a file at `file`) that the checker says assert nothing. */
const unasserted = (source: string, file = 'server/example.test.ts') =>
  checkSource(file, source).unasserted.map((test) => test.name);

describe('the assertion checker', () => {
  test('catches a test that asserts nothing, with its file, line and name', () => {
    const report = checkSource(
      'server/example.test.ts',
      [
        "import assert from 'node:assert/strict';",
        "import { describe, test } from 'node:test';",
        "describe('a suite', () => {",
        "  test('asserts', () => assert.equal(1 + 1, 2));",
        "  test('only calls the code', async () => {",
        '    await deliver();',
        '  });',
        '});',
      ].join('\n'),
    );
    assert.equal(report.checked, 2);
    assert.deepEqual(report.unasserted, [
      { file: 'server/example.test.ts', line: 5, name: 'only calls the code' },
    ]);
  });

  test('passes every direct assertion: node:assert, t.assert, rejects and throws, chai expect and should', () => {
    const source = `
      import assert from 'node:assert/strict';
      import { rejects, throws } from 'node:assert';
      import { expect } from 'chai';
      import * as chai from 'chai';
      test('assert()', () => { assert(ok()); });
      test('assert.*', () => { assert.deepEqual(a, b); });
      test('assert.throws', () => { assert.throws(() => parse('')); });
      test('assert.rejects', async () => { await assert.rejects(load()); });
      test('rejects', async () => { await rejects(load()); });
      test('throws', () => { throws(() => parse('')); });
      test('t.assert', (t) => { t.assert.strictEqual(a, 1); });
      it('expect', () => { expect(a).to.equal(1); });
      it('expect in a loop and a callback', () => { for (const x of xs) list.forEach(() => expect(x).to.be.ok); });
      it('expect.fail', () => { if (!a) expect.fail('no a'); });
      it('chai.expect', () => { chai.expect(a).to.equal(1); });
      it('should', () => { a.should.equal(1); });
      test('', { timeout: 100 }, () => assert.ok(a));
    `;
    assert.deepEqual(unasserted(source), []);
    assert.equal(checkSource('app/x.test.ts', source).checked, 13);
  });

  test('a method named assert is no assertion, nor is an unrelated import of chai', () => {
    const source = `
      import { use } from 'chai';
      test('signs a token', () => { authority.assert('stb-1'); });
      it('uses a plugin', () => { use(plugin); });
    `;
    assert.deepEqual(unasserted(source), ['signs a token', 'uses a plugin']);
  });

  test('follows the helpers of the same file, transitively; a helper that asserts nothing does not count', () => {
    const source = `
      import assert from 'node:assert/strict';
      function expectStatus(res, status) { assert.equal(res.status, status); }
      const expectCreated = async (res) => expectStatus(await res, 201);
      const send = (body) => fetch('/api', { body });
      function loop(n) { return n > 0 ? loop(n - 1) : send(n); }
      async function check() { expectCreated(send('x')); }
      test('via a helper', async () => { expectStatus(await send('x'), 200); });
      test('via a helper of a helper', async () => { await expectCreated(send('x')); });
      test('as the callback itself', check);
      test('via a helper that only sends', async () => { await send('x'); });
      test('via a helper that only calls itself', () => { loop(3); });
      describe('nested', () => {
        const inner = () => assert.ok(true);
        test('via a helper in a suite', () => inner());
      });
    `;
    assert.deepEqual(unasserted(source), [
      'via a helper that only sends',
      'via a helper that only calls itself',
    ]);
  });

  test('waitFor counts when imported from tests/helpers/wait.ts, which throws on time-out; not from elsewhere', () => {
    const waits = (from: string) => `
      import { waitFor as until } from '${from}';
      it('shows the alert', async () => {
        start();
        await until(() => visibleTexts(app).includes('New voicemail'), 'the alert');
      });
    `;
    assert.deepEqual(unasserted(waits('../helpers/wait.ts'), 'tests/integration/alert.test.ts'), []);
    assert.deepEqual(unasserted(waits('../../../tests/helpers/wait.ts'), 'app/features/x/alert.test.ts'), []);
    assert.deepEqual(unasserted(waits('./wait.ts'), 'app/features/x/alert.test.ts'), ['shows the alert']);
    // A local waitFor that gives up quietly is no assertion.
    const local = `
      const waitFor = async (check) => { for (let i = 0; i < 10 && !(await check()); i++) await sleep(20); };
      it('shows the alert', async () => { await waitFor(() => shown()); });
    `;
    assert.deepEqual(unasserted(local, 'tests/integration/alert.test.ts'), ['shows the alert']);
  });

  test('leaves out skipped and todo tests, and everything in a skipped suite', () => {
    const source = `
      it.skip('later', () => {});
      test.todo('some day', () => {});
      test.todo('some day, without a body');
      test('not yet');
      xit('mocha skip', () => {});
      test('skipped by option', { skip: 'no sox here' }, () => {});
      test('a todo by option', { todo: true }, () => {});
      describe.skip('a whole suite', () => { it('inside it', () => {}); });
      test('not skipped by option', { skip: false }, () => {});
      test('skipped on some machines only', { skip: !hasSox }, () => {});
      it.only('focused', () => {});
    `;
    assert.deepEqual(unasserted(source), [
      'not skipped by option',
      'skipped on some machines only',
      'focused',
    ]);
    assert.equal(checkSource('server/example.test.ts', source).checked, 3);
  });

  test('names a test by its title as written', () => {
    const source = 'for (const kind of kinds) test(`plays ${kind}`, () => play(kind));';
    assert.deepEqual(unasserted(source), ['plays ${kind}']);
  });
});

describe('the exceptions file', () => {
  test('one `path › test name` a line, each with a reason comment above it', () => {
    const { entries, problems } = parseExceptions(
      [
        '# Being fixed in another branch: the test plays the audio and checks nothing.',
        'media/audio-player.test.ts › plays',
        'media/audio-player.test.ts › pauses',
        '',
        'app/a.test.ts › no reason',
        '# a reason',
        'not an entry',
      ].join('\n'),
    );
    assert.deepEqual(
      [...entries],
      [
        'media/audio-player.test.ts › plays',
        'media/audio-player.test.ts › pauses',
        'app/a.test.ts › no reason',
        'not an entry',
      ],
    );
    assert.deepEqual(problems, [
      'line 5: no reason comment above: app/a.test.ts › no reason',
      'line 7: not `path › test name`: not an entry',
    ]);
  });
});

describe('node scripts/check-assertions.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'couchline-assertions-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(import.meta.dirname, 'check-assertions.ts');
  const run = (files: string[]) =>
    promisify(execFile)(process.execPath, [script, ...files], { cwd: dir }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  test('prints `file:line  name` for each offender and exits 1', async () => {
    writeFileSync(
      join(dir, 'a.test.ts'),
      "test('asserts', () => assert.ok(1));\n\ntest('does not', () => {});\n",
    );
    const { code, stdout } = await run(['a.test.ts']);
    assert.equal(code, 1);
    const [first] = stdout.split('\n');
    assert.match(first!, /^\S*a\.test\.ts:3 {2}does not$/);
    assert.match(stdout, /1 of 2 tests assert nothing/);
  });

  test('prints a count and exits 0 when every test asserts', async () => {
    writeFileSync(join(dir, 'b.test.ts'), "it('asserts', () => expect(1).to.equal(1));\n");
    const { code, stdout } = await run(['b.test.ts']);
    assert.equal(code, 0);
    assert.match(stdout, /^1 tests in 1 files, all asserting something\.$/m);
  });
});
