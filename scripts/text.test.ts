import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { LineFeed, SmsAccepted } from '../protocol/index.ts';
import { startBackend, type Harness } from '../tests/helpers/backend/harness.ts';
import { runScript } from '../tests/helpers/backend/run-script.ts';

const MARY = '5055551212';

// `npm run text` (README): someone outside texts a household phone; `--fail NUMBER` makes the network fail texts
// to a number and `--heal NUMBER` undoes it. Run as its own process against the SMS network of a running backend;
// the effect is read on Mary's line, with her SIM, as her phone reads it.
describe('npm run text', () => {
  let h: Harness;
  afterEach(() => h.close());
  const text = (...args: string[]) => runScript('text.ts', ['--network', h.sms.url, ...args]);

  /** Mary's handset on the network: sends a text, and reads her line's feed after `after`. */
  function marysHandset() {
    const key = h.sms.sim.reissueSimKey(MARY);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    return {
      async send(to: string, body: string): Promise<string> {
        const res = await fetch(`${h.sms.url}/v1/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ to, text: body }),
        });
        return ((await res.json()) as SmsAccepted).messageId;
      },
      /** The first feed event after `after` about `messageId` (a report) or from `from` (a text received). */
      async next(after: number, match: (e: LineFeed['events'][number]) => boolean) {
        for (let polls = 0; polls < 10; polls++) {
          const res = await fetch(`${h.sms.url}/v1/feed?after=${after}&waitMs=2000`, { headers });
          const { events } = (await res.json()) as LineFeed;
          const found = events.find(match);
          if (found) return found;
          after = events.at(-1)?.seq ?? after;
        }
        throw new Error('Mary’s line heard nothing of it within 10 polls');
      },
    };
  }

  test('--fail makes texts to the number fail with the reason; --heal makes them go through again', async () => {
    h = await startBackend();
    const mary = marysHandset();
    const failing = await text('--fail', '505-555-1313', '--reason', 'the number is not reachable');
    assert.equal(failing.code, 0, failing.stderr);
    assert.match(failing.stdout, /Texts to 505-555-1313 now fail/);
    const first = await mary.send('5055551313', 'Watching TV');
    const failed = await mary.next(0, (e) => e.type === 'sms.report' && e.messageId === first);
    assert.deepEqual(failed.type === 'sms.report' && [failed.status, failed.reason], [
      'failed',
      'the number is not reachable',
    ]);

    const healing = await text('--heal', '505-555-1313');
    assert.equal(healing.code, 0, healing.stderr);
    assert.match(healing.stdout, /Texts to 505-555-1313 go through again/);
    const second = await mary.send('5055551313', 'Watching TV, again');
    const delivered = await mary.next(failed.seq, (e) => e.type === 'sms.report' && e.messageId === second);
    assert.equal(delivered.type === 'sms.report' && delivered.status, 'delivered');
  });

  test('--from --to --say: the text arrives on that phone’s line, from that number, as typed', async () => {
    h = await startBackend();
    const mary = marysHandset();
    const run = await text(
      '--from',
      '505-555-1313',
      '--to',
      '505-555-1212',
      '--say',
      'After the news <b>then</b>',
    );
    assert.equal(run.code, 0, run.stderr);
    const received = await mary.next(0, (e) => e.type === 'sms.received');
    assert.deepEqual(received.type === 'sms.received' && [received.from, received.text], [
      '5055551313',
      'After the news <b>then</b>',
    ]);
  });

  test('a line the network does not have, or nothing to do: refused with the reason, non-zero exit', async () => {
    h = await startBackend();
    const unknown = await text('--from', '505-555-1313', '--to', '505-555-9999', '--say', 'Hi');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /The SMS network refused: no such line on this network/);
    const usage = await text('--from', '505-555-1313');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--fail NUMBER \/ --heal NUMBER/);
  });
});
