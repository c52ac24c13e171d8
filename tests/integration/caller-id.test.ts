import { expect } from 'chai';
import { callText } from '../../app/features/callerid/incoming-call.ts';
import type { TvApp } from '../../app/tv-app.ts';
import { MOCK_CREDENTIALS } from '../../mocks/fixtures.ts';
import type { EventData } from '../../protocol/index.ts';
import { pushBarrier, startMockPush } from '../helpers/mock-push.ts';
import { visibleTexts } from '../helpers/scene.ts';
import { freshDbName, waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;

const call = (
  callId: string,
  over: Partial<EventData<'callerid.incoming'>> = {},
): EventData<'callerid.incoming'> => ({
  callId,
  line: '5055551212',
  lineOwner: 'Mary',
  callerName: 'Jane',
  callerNumber: '5055551313',
  at: '2026-11-23T18:00:00.000Z',
  ...over,
});

describe('caller ID text', () => {
  it('says who is calling whom, with what the screen may show', () => {
    expect(callText(call('c'))).to.equal('Jane 505-555-1313 is calling Mary');
    expect(callText(call('c', { callerName: '' }))).to.equal('505-555-1313 is calling Mary');
    expect(callText(call('c', { callerName: '', callerNumber: '' }))).to.equal('A call for Mary');
    expect(callText(call('c', { callerName: 'Jane', callerNumber: '' }))).to.equal('Jane is calling Mary');
  });
});

describe('TV app: caller ID over the push channel', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start() {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const tv = await startTestTv({ dbName: freshDbName(), credentials: MOCK_CREDENTIALS });
    cleanups.push(tv.stop);
    await waitFor(() => tv.app.push?.state === 'online', 'online');
    await waitFor(() => tv.app.inbox?.sync$.value === 'synced', 'the first sync');
    return { gateway: mock.gateway, ...tv };
  }
  const texts = (app: TvApp) => visibleTexts(app.root);

  it('shows the ringing call while it rings, the newest of two on top, and takes each down when it ends', async () => {
    const { gateway, app } = await start();
    gateway.publish(STB, 'callerid.incoming', 'ci:1', call('c1'));
    await waitFor(() => texts(app).includes('Jane 505-555-1313 is calling Mary'), 'the first call');
    gateway.publish(
      STB,
      'callerid.incoming',
      'ci:2',
      call('c2', { callerName: 'Simon', lineOwner: 'Ana', line: '5055551616' }),
    );
    await waitFor(() => texts(app).includes('Simon 505-555-1313 is calling Ana'), 'the second call on top');
    gateway.publish(STB, 'callerid.ended', 'ce:2', { callId: 'c2', reason: 'answered' });
    await waitFor(() => texts(app).includes('Jane 505-555-1313 is calling Mary'), 'the first call again');
    gateway.publish(STB, 'callerid.ended', 'ce:1', { callId: 'c1', reason: 'voicemail' });
    await waitFor(() => !texts(app).some((t) => t.includes('is calling')), 'no call on screen');
    // The same call replayed after its end (a reconnect) does not ring again.
    gateway.publish(STB, 'callerid.incoming', 'ci:1-again', call('c1'));
    await pushBarrier(gateway, STB);
    expect(texts(app).some((t) => t.includes('is calling'))).to.equal(false);
  });

  it('takes no keys: the remote keeps working while a call is shown', async () => {
    const { gateway, app, adapter } = await start();
    gateway.publish(STB, 'callerid.incoming', 'ci:1', call('c1'));
    await waitFor(() => texts(app).includes('Jane 505-555-1313 is calling Mary'), 'the call');
    adapter.press('Info');
    await waitFor(() => texts(app).includes('No voicemail'), 'the inbox, opened under the call');
    expect(texts(app)).to.include('Jane 505-555-1313 is calling Mary');
  });

  it('shows a caller name full of markup as typed', async () => {
    const { gateway, app } = await start();
    const hostile = '<b>Jane</b><img src=x onerror=alert(1)>';
    gateway.publish(STB, 'callerid.incoming', 'ci:1', call('c1', { callerName: hostile }));
    await waitFor(() => texts(app).includes(`${hostile} 505-555-1313 is calling Mary`), 'the literal name');
    expect(document.querySelector('img[src="x"]')).to.equal(null);
  });
});
