import { expect } from 'chai';
import type { TvApp } from '../../app/tv-app.ts';
import { backoffDelay } from '../../client/net/backoff.ts';
import { MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import type { ScenarioName } from '../../mocks/scenarios/index.ts';
import type { DeviceCredentials } from '../../platform-adapters/contract/index.ts';
import { pushBarrier, startMockPush } from '../helpers/mock-push.ts';
import { visibleTexts } from '../helpers/scene.ts';
import { freshDbName, sleep, waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;
const JANE = 'Voice mail from Jane 505-555-1313';

describe('TV app: voicemail alerts over the push channel', () => {
  const cleanups: (() => unknown)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(
    options: {
      scenario?: ScenarioName;
      alertMs?: number;
      credentials?: DeviceCredentials;
      dbName?: string;
    } = {},
  ) {
    const mock = await startMockPush(options.scenario ?? 'empty');
    cleanups.push(mock.stop);
    const dbName = options.dbName ?? freshDbName();
    const start = async () => {
      const { app, adapter, stop } = await startTestTv({
        dbName,
        alertMs: options.alertMs ?? 15_000,
        credentials: options.credentials ?? MOCK_CREDENTIALS,
      });
      const shown: string[] = [];
      app.bus.on('voicemail:received', ({ alert }) => shown.push(alert.eventId));
      cleanups.push(stop);
      return { app, adapter, shown, stop };
    };
    return { gateway: mock.gateway, start, dbName };
  }

  const online = (app: TvApp) => waitFor(() => app.push?.state === 'online', 'the push channel to be online');
  const texts = (app: TvApp) => visibleTexts(app.root);

  it('overlays "Voice mail from Jane 505-555-1313" with a focusable Dismiss, then acknowledges it', async () => {
    const { gateway, start } = await setup();
    const { app } = await start();
    await online(app);
    gateway.publish(STB, 'voicemail.new', 'voicemail.new:m1', voicemailFixture('m1'));
    await waitFor(() => texts(app).includes(JANE), 'the overlay text');
    expect(texts(app)).to.include.members(['For Mary · 0:12', 'Dismiss']);
    await waitFor(() => gateway.acks.get(STB)?.includes(1), 'the ack of seq 1');
    expect(gateway.pending(STB)).to.have.length(0);
  });

  it('OK on Dismiss (three to the right of Listen) hides the overlay; so does Back', async () => {
    const { gateway, start } = await setup();
    const { app, adapter } = await start();
    await online(app);
    gateway.publish(STB, 'voicemail.new', 'vm:1', voicemailFixture('1'));
    await waitFor(() => texts(app).includes(JANE), 'first alert');
    for (let i = 0; i < 3; i++) adapter.press('Right'); // Listen → Later → Delete → Dismiss
    adapter.press('Enter');
    await waitFor(() => !texts(app).includes(JANE), 'the overlay to hide after OK');

    gateway.publish(STB, 'voicemail.new', 'vm:2', voicemailFixture('2', { callerName: 'Simon' }));
    await waitFor(() => texts(app).includes('Voice mail from Simon 505-555-1313'), 'second alert');
    adapter.press('Back');
    // Nothing left on the picture but the resting count of new messages.
    await waitFor(
      () => texts(app).length > 0 && texts(app).every((t) => t.startsWith('✉')),
      'the overlay to hide after Back',
    );
  });

  it('dismisses itself after the configured time', async () => {
    const { gateway, start } = await setup({ alertMs: 300 });
    const { app } = await start();
    await online(app);
    gateway.publish(STB, 'voicemail.new', 'vm:t', voicemailFixture('t'));
    await waitFor(() => texts(app).includes(JANE), 'the alert');
    await waitFor(() => !texts(app).includes(JANE), 'the alert to time out', 3000);
  });

  it('shows alerts one at a time, in the order they arrived', async () => {
    const { gateway, start } = await setup();
    const { app, adapter } = await start();
    await online(app);
    gateway.publish(STB, 'voicemail.new', 'vm:a', voicemailFixture('a', { callerName: 'Ann' }));
    gateway.publish(STB, 'voicemail.new', 'vm:b', voicemailFixture('b', { callerName: 'Bob' }));
    await waitFor(() => texts(app).includes('Voice mail from Ann 505-555-1313'), 'Ann');
    expect(texts(app).join()).not.to.include('Bob');
    adapter.press('Blue'); // the colour key for Dismiss
    await waitFor(() => texts(app).includes('Voice mail from Bob 505-555-1313'), 'Bob after Ann');
  });

  it('after a dropped connection, catches up on what it missed and shows each alert exactly once', async () => {
    const { gateway, start } = await setup();
    const { app, shown } = await start();
    await online(app);
    gateway.publish(STB, 'voicemail.new', 'vm:before', voicemailFixture('before'));
    await waitFor(() => gateway.acks.get(STB)?.includes(1), 'the first ack');

    gateway.dropAll();
    await waitFor(() => app.push?.state === 'waiting', 'the client to notice the drop');
    gateway.publish(STB, 'voicemail.new', 'vm:missed', voicemailFixture('missed', { callerName: 'Missed' }));
    // The same event (its id) delivered again, under a new sequence number (at-least-once delivery): must not be
    // shown twice.
    gateway.publish(STB, 'voicemail.new', 'vm:before', voicemailFixture('before'));

    await online(app);
    await waitFor(() => shown.includes('vm:missed'), 'the missed alert after reconnect');
    await pushBarrier(gateway, STB);
    expect(shown.filter((id) => id === 'vm:before')).to.have.length(1);
    expect(shown.filter((id) => id === 'vm:missed')).to.have.length(1);
  });

  it('a redelivered event id is acknowledged but never shown again', async () => {
    const { gateway, start } = await setup();
    const { app, shown } = await start();
    await online(app);
    gateway.publish(STB, 'voicemail.new', 'vm:same', voicemailFixture('same'));
    await waitFor(() => gateway.acks.get(STB)?.includes(1), 'ack 1');
    gateway.publish(STB, 'voicemail.new', 'vm:same', voicemailFixture('same'));
    await waitFor(() => gateway.acks.get(STB)?.includes(2), 'ack 2');
    expect(shown).to.deep.equal(['vm:same']);
  });

  it('remembers what it showed across an app restart (IndexedDB)', async () => {
    const { gateway, start } = await setup();
    const first = await start();
    await online(first.app);
    gateway.publish(STB, 'voicemail.new', 'vm:r', voicemailFixture('r'));
    await waitFor(() => first.shown.includes('vm:r'), 'the alert before restart');
    first.stop();

    gateway.publish(STB, 'voicemail.new', 'vm:r', voicemailFixture('r')); // redelivered while the app was off
    gateway.publish(STB, 'voicemail.new', 'vm:s', voicemailFixture('s', { callerName: 'Sam' }));
    const second = await start();
    // Sam's alert comes after the redelivery on the channel, and alerts are drawn one at a time: drawn, it proves
    // the redelivered one was handled first and not drawn (even before `shown` was listening).
    await waitFor(() => second.shown.includes('vm:s'), 'the new alert after restart');
    await waitFor(() => texts(second.app).includes('Voice mail from Sam 505-555-1313'), "Sam's alert drawn");
    expect(second.shown).to.deep.equal(['vm:s']);
  });

  it('lets the socket go while hidden and catches up when visible again', async () => {
    const { gateway, start } = await setup();
    const { app, adapter, shown } = await start();
    await online(app);
    // What the TV's channel does and which alerts it takes from here on, each marked if the TV was hidden then.
    const seen: string[] = [];
    const mark = (what: string) => seen.push(adapter.isVisible() ? what : `${what} (hidden)`);
    app.bus.on('push:state-changed', ({ state }) => mark(state));
    app.bus.on('voicemail:received', ({ alert }) => mark(`shown ${alert.eventId}`));
    adapter.setVisible(false);
    await waitFor(() => !gateway.isConnected(STB), 'the socket to close while hidden');
    expect(app.push?.state).to.equal('paused');
    gateway.publish(STB, 'voicemail.new', 'vm:hidden', voicemailFixture('hidden'));
    // No channel while hidden, so no later frame to wait for: it stays hidden longer than the longest first retry
    // after a drop, so a client that took the pause for a drop would have connected (and shown it) by then.
    await sleep(backoffDelay(0, () => 1) + 100);
    expect(shown).to.deep.equal([]);
    adapter.setVisible(true);
    await waitFor(() => shown.includes('vm:hidden'), 'the alert missed while hidden');
    await waitFor(() => texts(app).includes(JANE), 'the overlay');
    // Nothing at any moment while hidden: the channel stayed paused (no attempt to connect, which the alert would
    // need), and the alert came once the TV was on screen again.
    expect(seen.filter((what) => what.endsWith('(hidden)'))).to.deep.equal(['paused (hidden)']);
    expect(seen.filter((what) => what.startsWith('shown'))).to.deep.equal(['shown vm:hidden']);
  });

  it('a refused token stops reconnecting, forgets the credentials and shows a code to enroll again', async () => {
    const { start } = await setup({ credentials: { deviceId: STB, token: 'not-a-valid-token-000000' } });
    const { app, adapter } = await start();
    const states: string[] = [];
    app.bus.on('push:state-changed', ({ state }) => states.push(state));
    await waitFor(() => texts(app).includes('WDJB-MJHT'), 'the enrollment code');
    // Refused once, never tried again with the same token.
    expect(states).to.include('unauthorized');
    expect(states.slice(states.indexOf('unauthorized'))).not.to.include('connecting');
    expect(await adapter.getCredentials()).to.equal(null);
    expect(app.push).to.equal(null);
  });

  it('shows a caller name full of markup as literal text', async () => {
    const { gateway, start } = await setup();
    const { app } = await start();
    await online(app);
    const name = '<img src=x onerror=alert(1)>';
    gateway.publish(
      STB,
      'voicemail.new',
      'vm:x',
      voicemailFixture('x', { callerName: name, callerNumber: '' }),
    );
    await waitFor(() => texts(app).includes(`Voice mail from ${name}`), 'the literal caller name');
    expect(document.querySelector('img[src="x"]')).to.equal(null);
  });

  it('a storm of alerts queued while the TV was away is one summary, and every one is acknowledged', async () => {
    const { gateway, start } = await setup({ scenario: 'push-storm' });
    const { app, shown } = await start();
    await waitFor(
      () => texts(app).includes('50 new voicemails — Caller 1, Caller 2, Caller 3…'),
      'the one summary',
      10_000,
    );
    await waitFor(() => gateway.pending(STB).length === 0, 'the outbox to drain');
    expect(shown, 'no alert of its own for any of them').to.deep.equal([]);
    expect(texts(app).join()).not.to.include('Voice mail from');
  });
});
