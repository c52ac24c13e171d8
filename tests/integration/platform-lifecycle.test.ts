import { expect } from 'chai';
import type { TvApp } from '../../app/tv-app.ts';
import type { PlatformCapabilities } from '../../platform-adapters/contract/index.ts';
import { MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import { pushBarrier, startMockPush } from '../helpers/mock-push.ts';
import { visibleTexts } from '../helpers/scene.ts';
import { freshDbName, waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;

describe('TV app on a platform: leaving, and coming back', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(capabilities: Partial<PlatformCapabilities>) {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const tv = await startTestTv({ dbName: freshDbName(), capabilities });
    cleanups.push(tv.stop);
    await waitFor(() => tv.app.push?.state === 'online', 'online');
    await waitFor(() => tv.app.inbox?.sync$.value === 'synced', 'the first sync');
    return { mock, ...tv };
  }
  const texts = (app: TvApp) => visibleTexts(app.root);

  it('Back at the root asks "Leave Couchline?" where the platform wants it; Cancel stays, Leave exits', async () => {
    const { app, adapter } = await start({ canExit: true, asksBeforeExit: true });
    adapter.press('Back');
    await waitFor(() => texts(app).includes('Leave Couchline?'), 'the question');
    expect(texts(app)).to.include('Leave').and.include('Cancel');
    adapter.press('Enter'); // Cancel has the focus: a stray OK keeps the app
    await waitFor(() => !texts(app).includes('Leave Couchline?'), 'the question gone');
    expect(adapter.exitCalls).to.equal(0);
    adapter.press('Back');
    await waitFor(() => texts(app).includes('Leave Couchline?'), 'the question again');
    adapter.press('Left');
    adapter.press('Enter');
    expect(adapter.exitCalls).to.equal(1);
  });

  it('leaves at once where the platform does not ask, and never from a browser tab', async () => {
    const direct = await start({ canExit: true, asksBeforeExit: false });
    direct.adapter.press('Back');
    expect(direct.adapter.exitCalls).to.equal(1);
    direct.stop();
    const tab = await start({ canExit: false, asksBeforeExit: false });
    tab.adapter.press('Back');
    // A later key on the same path (Info opens the inbox), handled: Back was handled before it.
    tab.adapter.press('Info');
    await waitFor(() => texts(tab.app).includes('Voicemail'), 'the inbox, opened by the key after Back');
    expect(texts(tab.app)).not.to.include('Leave Couchline?');
    expect(tab.adapter.exitCalls).to.equal(0);
  });

  it('Back while an alert is up dismisses the alert, not the app', async () => {
    const { mock, app, adapter } = await start({ canExit: true, asksBeforeExit: true });
    mock.gateway.publish(STB, 'voicemail.new', 'vm:1', voicemailFixture('m1'));
    await waitFor(() => texts(app).includes('Voice mail from Jane 505-555-1313'), 'the alert');
    adapter.press('Back');
    await waitFor(() => !texts(app).includes('Voice mail from Jane 505-555-1313'), 'the alert gone');
    expect(texts(app)).not.to.include('Leave Couchline?');
  });

  it('a relaunch while the app was let go catches up with what it missed, once each', async () => {
    const { mock, app, adapter } = await start({ canExit: true, asksBeforeExit: false });
    const shown: string[] = [];
    app.bus.on('voicemail:received', ({ alert }) => shown.push(alert.eventId));
    adapter.setVisible(false);
    await waitFor(() => !mock.gateway.isConnected(STB), 'the socket let go');
    mock.gateway.publish(STB, 'voicemail.new', 'vm:missed', voicemailFixture('missed'));
    adapter.relaunch();
    await waitFor(() => shown.includes('vm:missed'), 'the missed alert');
    adapter.setVisible(true);
    await pushBarrier(mock.gateway, STB);
    expect(shown).to.deep.equal(['vm:missed']);
  });
});
