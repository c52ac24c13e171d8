import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { askBackend, BackendAddressError, parseBackend } from './backend-address.ts';

const PACKAGE_SCRIPT = join(import.meta.dirname, 'package.ts');

/** `npm run package:<platform>` as someone runs it, with no terminal on stdin (as in CI or a script). */
function packageCommand(args: string[], env: NodeJS.ProcessEnv = {}) {
  const inherited = { ...process.env };
  delete inherited['COUCHLINE_BACKEND'];
  return spawnSync(process.execPath, [PACKAGE_SCRIPT, ...args], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** A person at the terminal: answers each question as it is asked, and keeps what was said to them. */
function terminal(answers: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  const said: string[] = [];
  output.on('data', (chunk: Buffer) => {
    said.push(chunk.toString());
    if (chunk.toString().includes('Where do the TVs reach the backend'))
      input.write(`${answers.shift() ?? ''}\n`);
  });
  return { input, output, said: () => said.join('') };
}

describe('the backend address a package points its TVs at', () => {
  test('an http(s) origin on the network is taken', () => {
    assert.equal(parseBackend('http://192.168.1.10:8080').origin, 'http://192.168.1.10:8080');
    assert.equal(parseBackend(' https://couchline.example/ ').origin, 'https://couchline.example');
  });

  test('loopback is refused: once installed, 127.0.0.1 is the TV itself', () => {
    for (const address of [
      'http://127.0.0.1:8080',
      'http://127.1.2.3',
      'http://localhost:8080',
      'http://tv.localhost',
      'http://[::1]:8080',
      'http://0.0.0.0:8080',
    ]) {
      assert.throws(() => parseBackend(address), /the TV itself/, address);
    }
  });

  test('anything else is refused with what is wrong', () => {
    assert.throws(() => parseBackend('192.168.1.10:8080'), BackendAddressError);
    assert.throws(() => parseBackend('not an address'), /is not an address/);
    assert.throws(() => parseBackend('ftp://192.168.1.10'), /over http or https, not ftp:/);
    assert.throws(
      () => parseBackend('http://192.168.1.10:8080/api'),
      /origin only, like http:\/\/192\.168\.1\.10:8080/,
    );
  });

  test('at a terminal it asks, says what was wrong, and an empty answer takes the suggestion', async () => {
    const person = terminal(['http://127.0.0.1:8080', '']);
    const answer = await askBackend(person.input, person.output, '192.168.1.23');
    assert.equal(answer.origin, 'http://192.168.1.23:8080');
    assert.match(person.said(), /Where do the TVs reach the backend .*\[http:\/\/192\.168\.1\.23:8080\]/);
    assert.match(person.said(), /"http:\/\/127\.0\.0\.1:8080" is the TV itself/);
  });

  test('three wrong answers end the question with the last reason', async () => {
    const person = terminal(['localhost', 'http://localhost', 'ftp://box', 'http://192.168.1.10:8080']);
    await assert.rejects(askBackend(person.input, person.output, undefined), /over http or https, not ftp:/);
  });

  test('the command with no address and nobody to ask refuses before building, and says how to give it', () => {
    const result = packageCommand(['tizen']);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /A package needs the address/);
    assert.match(result.stderr, /--backend http:\/\//);
    assert.match(result.stderr, /COUCHLINE_BACKEND/);
    assert.doesNotMatch(result.stdout, /tizen: build\/packages/);
  });

  test('the command refuses a loopback address, from the flag or from COUCHLINE_BACKEND', () => {
    const flag = packageCommand(['webos', '--backend', 'http://127.0.0.1:8080']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /No package: "http:\/\/127\.0\.0\.1:8080" is the TV itself/);
    const env = packageCommand(['rdk'], { COUCHLINE_BACKEND: 'http://localhost:8080' });
    assert.equal(env.status, 2);
    assert.match(env.stderr, /No package: "http:\/\/localhost:8080" is the TV itself/);
  });
});
