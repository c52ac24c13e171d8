import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startProduct, type RunningProduct } from './support.ts';

/** The lines of a start that show a secret: a mailbox PIN, a carrier login, the joint account's password. */
const SECRET_LINE = /Voicemail PIN for|login, chosen at random|^Joint account hh_demo/;

const post = (url: string, body: unknown, method = 'POST') =>
  fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** What the README's table promises `npm start` prints: each address, by what it is. */
function printedUrls(product: RunningProduct): Record<string, string> {
  const line = (label: string) => {
    const found = product.output.find((l) => l.trimStart().startsWith(label));
    assert.ok(found, `no "${label}" line in:\n${product.output.join('\n')}`);
    return found.slice(found.indexOf(label) + label.length).trim();
  };
  const directories = /^(\S+) \(XYZ Wireless\), (\S+) \(FXT Digital TV\)/.exec(line('Account directories:'))!;
  return {
    emulator: line('TV emulator:'),
    tvApp: line('TV app alone:'),
    phone: line("Mary's phone:").split(' ')[0]!,
    account: line('Joint account setup:'),
    voicemailServer: line('Carrier voicemail server:').split(' ')[0]!,
    wirelessDirectory: directories[1]!,
    cableDirectory: directories[2]!,
    epg: line('Programme guide:').split(' ')[0]!,
    smsNetwork: line('SMS network:').split(' ')[0]!,
  };
}

describe('npm start: what the first start prints, and what a restart does not', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'couchline-first-start-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('the URLs printed are the ones it listens on, and each answers', async () => {
    // Every part on a port of the system's choosing: the list can only be right if it is built from what was bound.
    const product = await startProduct();
    try {
      const ready = JSON.parse(product.output.find((l) => l.startsWith('{"ready":true'))!) as {
        url: string;
        simulatorUrl: string;
        directoryUrls: { wireless: string; cable: string };
        epgUrl: string;
        smsNetworkUrl: string;
      };
      const { url } = ready;
      assert.deepEqual(printedUrls(product), {
        emulator: `${url}/`,
        tvApp: `${url}/tv.html`,
        phone: `${url}/phone.html`,
        account: `${url}/account.html`,
        voicemailServer: ready.simulatorUrl,
        wirelessDirectory: ready.directoryUrls.wireless,
        cableDirectory: ready.directoryUrls.cable,
        epg: `${ready.epgUrl}/channels`,
        smsNetwork: ready.smsNetworkUrl,
      });
      for (const page of ['/', '/tv.html', '/phone.html', '/account.html']) {
        const res = await fetch(`${url}${page}`);
        assert.equal(res.status, 200, page);
        assert.match(res.headers.get('content-type') ?? '', /text\/html/, page);
      }
      for (const carrier of [
        ready.simulatorUrl,
        ready.directoryUrls.wireless,
        ready.directoryUrls.cable,
        ready.smsNetworkUrl,
      ]) {
        assert.equal((await fetch(`${carrier}/health`)).status, 200, carrier);
      }
      assert.equal((await fetch(`${ready.epgUrl}/channels`)).status, 200);
    } finally {
      await product.stop();
    }
  });

  test('the first start prints each PIN and password once; they work, and a restart prints none', async () => {
    const first = await startProduct({ dataDir, firstStart: true });
    await first.stop();
    // The README's demo: Mary's and Simon's mailboxes (and Ana's and Luis's), six carrier logins, the joint account.
    assert.deepEqual(Object.keys(first.pins).sort(), [
      '5055551212',
      '5055551414',
      '5055551616',
      '5055551818',
    ]);
    assert.deepEqual(Object.keys(first.passwords).sort(), [
      'ana',
      'ana.fxt',
      'luis',
      'mary',
      'mary.fxt',
      'simon',
    ]);
    assert.ok(first.jointPassword);

    const again = await startProduct({ dataDir, firstStart: false });
    try {
      // What the first start printed still opens each: a mailbox (its PIN changed with it as the current one),
      // a carrier account, the joint account.
      const pin = await post(
        `${again.simulatorUrl}/mailboxes/5055551212/pin`,
        { pin: '8264', currentPin: first.pins['5055551212'] },
        'PUT',
      );
      assert.equal(pin.status, 204);
      const carrier = await post(`${again.url}/api/provisioning/login`, {
        directory: 'cable',
        username: 'ana.fxt', // in no joint account yet: her login starts a setup
        password: first.passwords['ana.fxt'],
      });
      assert.equal(carrier.status, 201);
      const joint = await post(`${again.url}/api/joint-accounts/login`, {
        jointAccountId: 'hh_demo',
        password: first.jointPassword,
      });
      assert.equal(joint.status, 200);
    } finally {
      await again.stop(); // all it printed is read once it has exited
    }
    assert.ok(again.output.includes('Couchline is running.'), again.output.join('\n'));
    assert.deepEqual(
      again.output.filter((l) => SECRET_LINE.test(l)),
      [],
    );
    // Only hashes are kept: no password as typed in any file of the data folder.
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    for (const file of files) {
      const bytes = readFileSync(join(file.parentPath, file.name)).toString('latin1');
      for (const password of [...Object.values(first.passwords), first.jointPassword]) {
        assert.ok(!bytes.includes(password), `${file.name} holds a password as typed`);
      }
    }
  });

  test('two fresh installs choose different PINs and passwords', async () => {
    const one = await startProduct();
    await one.stop();
    const two = await startProduct();
    await two.stop();
    assert.notDeepEqual(one.pins, two.pins);
    for (const username of Object.keys(one.passwords)) {
      assert.notEqual(one.passwords[username], two.passwords[username], username);
    }
    assert.notEqual(one.jointPassword, two.jointPassword);
  });
});
