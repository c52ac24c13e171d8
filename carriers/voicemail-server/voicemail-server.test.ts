import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { ErrorCode, MAX_AUDIO_BYTES, type CallPlaced, type DepositResponse } from '../../protocol/index.ts';
import { probeAudio } from '../../voicemail-audio/audio-format.ts';
import { silentLogger } from '../kit/log.ts';
import { createVoicemailServerSimulator, type VoicemailServerSimulator } from './voicemail-server.ts';

const WEBHOOK_SECRET = 'whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5YWI=';
const PARTNER_KEY = 'test-carrier-partner-key-0123456789';

describe('voicemail-server simulator', () => {
  let sim: VoicemailServerSimulator;

  function setup(webhookUrl: string) {
    sim = createVoicemailServerSimulator({
      dbPath: ':memory:',
      webhookUrl,
      webhookSecret: WEBHOOK_SECRET,
      partnerApiKey: PARTNER_KEY,
      log: silentLogger,
      webhookRetryDelaysMs: [10],
    });
    sim.mailboxes.ensureMailbox('5055551212', 'Mary');
    return sim;
  }

  const deposit = (mailbox: string, body: unknown) =>
    sim.app.request(`/mailboxes/${mailbox}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  afterEach(() => sim.close());

  test('damage "truncate" stores the recording cut off mid-frame, keeping the intact duration in the listing', async () => {
    setup('http://127.0.0.1:9/hooks/voicemail');
    const say = 'This recording lost its end on the way';
    const intact = (await (
      await deposit('5055551212', { callerName: 'Bob', callerNumber: '', say })
    ).json()) as DepositResponse;
    const res = await deposit('5055551212', { callerName: 'Bob', callerNumber: '', say, damage: 'truncate' });
    assert.equal(res.status, 201);
    const damaged = (await res.json()) as DepositResponse;
    assert.equal(damaged.durationSec, intact.durationSec);
    const audio = sim.mailboxes.getAudio('5055551212', damaged.messageId)!;
    assert.ok(audio.length < sim.mailboxes.getAudio('5055551212', intact.messageId)!.length);
    await assert.rejects(probeAudio(audio), /truncated frame/);
  });

  test('a WAV upload is encoded with sox and its duration is exact', async () => {
    setup('http://127.0.0.1:9/unreachable');
    const dir = mkdtempSync(join(tmpdir(), 'wav-'));
    try {
      const wav = join(dir, 'tone.wav');
      execFileSync('sox', ['-n', '-r', '8000', '-c', '1', wav, 'synth', '3', 'sine', '440']);
      const res = await deposit('5055551212', {
        callerName: 'Jane',
        callerNumber: '',
        audio: { format: 'wav', base64: readFileSync(wav).toString('base64'), encode: 'amr-nb' },
      });
      assert.equal(res.status, 201);
      const body = (await res.json()) as DepositResponse;
      assert.equal(body.durationSec, 3);
      // Nobody listens on port 9: the carrier keeps the message and reports the proxy as not told.
      assert.equal(body.proxyNotified, false);
      assert.equal(sim.mailboxes.listMessages('5055551212').length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('AMR bytes that are not AMR are refused with AUDIO_INVALID and nothing is stored', async () => {
    setup('http://127.0.0.1:9/unreachable');
    const res = await deposit('5055551212', {
      callerName: 'Jane',
      callerNumber: '5055551313',
      audio: { format: 'amr-nb', base64: Buffer.from('#!AMR\n\x3c garbage').toString('base64') },
    });
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, ErrorCode.AudioInvalid);
    assert.equal(sim.mailboxes.listMessages('5055551212').length, 0);
  });

  test('a broken WAV is refused: AUDIO_CONVERSION_FAILED when encoding, AUDIO_INVALID when kept as it is', async () => {
    setup('http://127.0.0.1:9/unreachable');
    const broken = Buffer.from('RIFF\x00\x00\x00\x00WAVEnope').toString('base64');
    const encoded = await deposit('5055551212', {
      callerName: 'Jane',
      callerNumber: '5055551313',
      audio: { format: 'wav', base64: broken, encode: 'amr-nb' },
    });
    assert.equal(encoded.status, 422);
    assert.equal(
      ((await encoded.json()) as { error: { code: string } }).error.code,
      ErrorCode.AudioConversionFailed,
    );
    const kept = await deposit('5055551212', {
      callerName: 'Jane',
      callerNumber: '5055551313',
      audio: { format: 'wav', base64: broken },
    });
    assert.equal(kept.status, 422);
    assert.equal(((await kept.json()) as { error: { code: string } }).error.code, ErrorCode.AudioInvalid);
    assert.equal(sim.mailboxes.listMessages('5055551212').length, 0);
  });

  test('unknown mailboxes, malformed and oversized bodies get clear errors', async () => {
    setup('http://127.0.0.1:9/unreachable');
    const unknown = await deposit('2125550000', { callerName: 'Jane', callerNumber: '', say: 'hello' });
    assert.equal(unknown.status, 404);
    assert.equal(
      ((await unknown.json()) as { error: { code: string } }).error.code,
      ErrorCode.MailboxNotFound,
    );

    const both = await deposit('5055551212', {
      callerName: 'Jane',
      callerNumber: '',
      say: 'hi',
      audio: { format: 'wav', base64: 'AAAA' },
    });
    assert.equal(both.status, 400);
    assert.match(((await both.json()) as { error: { message: string } }).error.message, /exactly one/);

    const huge = await deposit('5055551212', {
      callerName: 'Jane',
      callerNumber: '',
      audio: { format: 'amr-nb', base64: Buffer.alloc(MAX_AUDIO_BYTES + 64 * 1024).toString('base64') },
    });
    assert.equal(huge.status, 413);
    assert.equal(sim.mailboxes.listMessages('5055551212').length, 0);
  });

  test('its webhook is signed the Standard Webhooks way; a retry keeps the id, is signed afresh, and a replay answer to it means delivered', async () => {
    const seen: { id: string; timestamp: string; verified: unknown }[] = [];
    const answers = [503, 409];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const headers = req.headers as Record<string, string>;
        seen.push({
          id: headers['webhook-id']!,
          timestamp: headers['webhook-timestamp']!,
          verified: new Webhook(WEBHOOK_SECRET).verify(Buffer.concat(chunks), headers),
        });
        const status = answers.shift()!;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: ErrorCode.WebhookReplayed, message: 'seen before' } }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      setup(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/voicemail`);
      const res = await sim.app.request('/calls', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: '5055551212', callerName: 'Jane', callerNumber: '5055551313' }),
      });
      assert.equal(((await res.json()) as CallPlaced).proxyNotified, true);
      assert.equal(seen.length, 2);
      assert.match(seen[0]!.id, /^hook_/);
      assert.equal(seen[1]!.id, seen[0]!.id);
      assert.ok(seen.every((s) => (s.verified as { type: string }).type === 'call.ringing'));
    } finally {
      receiver.close();
    }
  });
});

test('the voicemail-server simulator refuses a webhook secret not in the whsec_ form when it starts', () => {
  for (const webhookSecret of ['a-plain-secret', 'whsec_not base64!']) {
    assert.throws(
      () =>
        createVoicemailServerSimulator({
          dbPath: ':memory:',
          webhookUrl: 'http://127.0.0.1:9/',
          webhookSecret,
          partnerApiKey: PARTNER_KEY,
          log: silentLogger,
        }),
      /the webhook secret .*whsec_/,
    );
  }
});
