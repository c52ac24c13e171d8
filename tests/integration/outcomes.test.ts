import { expect } from 'chai';
import { AlertQueue } from '../../app/features/voicemail/alert-queue.ts';
import { VoicemailAlertService } from '../../app/features/voicemail/voicemail-alert-service.ts';
import { EventBus } from '../../app/core/event-bus.ts';
import type { AppEvents } from '../../app/core/events.ts';
import { openTvDb } from '../../app/storage/db.ts';
import { clientStoresOf } from '../../client/storage/client-stores.ts';
import { ShownEvents } from '../../client/storage/shown-events.ts';
import { MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import type { DeliveryReport, EventFrame } from '../../protocol/index.ts';
import { startMockPush } from '../helpers/mock-push.ts';
import { freshDbName, waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;
const brief = (r: DeliveryReport) => [r.contentType, r.subject, r.outcome, r.action ?? r.reason ?? null];

describe('TV app: what happened to each alert, reported for the delivery log', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(alertMs = 60_000) {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const tv = await startTestTv({ dbName: freshDbName(), alertMs });
    cleanups.push(tv.stop);
    await waitFor(() => tv.app.push?.state === 'online', 'online');
    await waitFor(() => tv.app.inbox?.sync$.value === 'synced', 'the first sync');
    return { mock, ...tv };
  }

  it('shown, then acted on (Later) — one report each; another alert that times out is "dismissed: timeout"', async () => {
    const { mock, adapter, app } = await start(2000);
    mock.gateway.publish(STB, 'voicemail.new', 'vm:1', voicemailFixture('m1'));
    await waitFor(() => app.alerts.current$.value?.messageId === 'm1', 'the first alert');
    adapter.press('Yellow'); // Later
    mock.gateway.publish(STB, 'voicemail.new', 'vm:2', voicemailFixture('m2'));
    await waitFor(
      () => mock.deliveries.some((r) => r.subject === 'm2' && r.outcome === 'dismissed'),
      'the timeout',
    );
    expect(mock.deliveries.map(brief)).to.deep.equal([
      ['voicemail', 'm1', 'displayed', null],
      ['voicemail', 'm1', 'acted', 'later'],
      ['voicemail', 'm2', 'displayed', null],
      ['voicemail', 'm2', 'dismissed', 'timeout'],
    ]);
  });

  it('a call on screen, and a summary, are reported as displayed', async () => {
    const { mock } = await start();
    mock.gateway.publish(STB, 'callerid.incoming', 'ci:1', {
      callId: 'c1',
      line: '5055551212',
      lineOwner: 'Mary',
      callerName: 'Jane',
      callerNumber: '5055551313',
      at: new Date().toISOString(),
    });
    mock.gateway.publish(STB, 'voicemail.summary', 'sum:1', {
      programmeTitle: 'Quiz Hour',
      count: 1,
      messages: [voicemailFixture('s1')],
    });
    await waitFor(() => mock.deliveries.length >= 2, 'both reports');
    expect(mock.deliveries.map(brief)).to.have.deep.members([
      ['callerid', 'c1', 'displayed', null],
      ['voicemail', 's1', 'displayed', null],
    ]);
  });

  it('not shown, and why: in the background, or shown before', async () => {
    const db = await openTvDb(freshDbName());
    cleanups.push(() => db.close());
    const bus = new EventBus<AppEvents>();
    const queue = new AlertQueue(60_000, bus);
    cleanups.push(() => queue.dispose());
    let visible = false;
    const service = new VoicemailAlertService({
      shown: new ShownEvents(clientStoresOf(db)),
      queue,
      bus,
      isVisible: () => visible,
    });
    const seen: AppEvents['voicemail:not-shown'][] = [];
    bus.on('voicemail:not-shown', (e) => seen.push(e));
    const event = (id: string): EventFrame => ({
      type: 'event',
      seq: 1,
      id,
      at: new Date().toISOString(),
      name: 'voicemail.new',
      data: voicemailFixture('m1'),
    });
    await service.handle(event('vm:1'));
    expect(queue.current$.value).to.equal(null);
    visible = true;
    await service.handle(event('vm:2'));
    expect(queue.current$.value?.messageId).to.equal('m1');
    await service.handle(event('vm:2'));
    expect(seen.map((e) => [e.eventId, e.reason])).to.deep.equal([
      ['vm:1', 'background'],
      ['vm:2', 'already-shown'],
    ]);
  });
});
