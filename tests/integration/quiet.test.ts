import { expect } from 'chai';
import { summaryText } from '../../app/features/voicemail/voicemail-alert.ts';
import type { TvApp } from '../../app/tv-app.ts';
import { messageFixture, MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import { startMockPush } from '../helpers/mock-push.ts';
import { visibleTexts } from '../helpers/scene.ts';
import { freshDbName, waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;

describe('summary text', () => {
  const summary = (count: number, names: string[]) => ({
    programmeTitle: 'The Evening News',
    count,
    messages: names.map((callerName, i) => voicemailFixture(`m${i}`, { callerName })),
  });
  it('names each caller once, and says when some are not named', () => {
    expect(summaryText(summary(2, ['Jane', 'Simon']))).to.equal(
      'While you watched The Evening News: 2 voicemails from Jane and Simon',
    );
    expect(summaryText(summary(2, ['Jane', 'Jane']))).to.equal(
      'While you watched The Evening News: 2 voicemails from Jane',
    );
    expect(summaryText(summary(1, ['Jane']))).to.equal(
      'While you watched The Evening News: 1 voicemail from Jane',
    );
    expect(summaryText(summary(14, ['Jane', 'Simon']))).to.equal(
      'While you watched The Evening News: 14 voicemails from Jane, Simon and others',
    );
  });
});

describe('TV app: the channel it shows, and "Quiet for this programme"', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start() {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const tv = await startTestTv({ dbName: freshDbName() });
    cleanups.push(tv.stop);
    await waitFor(() => tv.app.push?.state === 'online', 'online');
    // The start-up fetch of the inbox is answered before a test can end (and stop the mock under it).
    await waitFor(() => tv.app.inbox?.sync$.value === 'synced', 'the first sync');
    return { mock, ...tv };
  }
  const texts = (app: TvApp) => visibleTexts(app.root);

  it('reports its channel when it comes online and on every change', async () => {
    const { mock, adapter } = await start();
    await waitFor(() => mock.displays.reports.length === 1, 'the first report');
    adapter.tune('4');
    adapter.tune('7');
    await waitFor(() => mock.displays.reports.length === 3, 'the changes');
    expect(mock.displays.reports.map((r) => r.channel)).to.deep.equal([null, '4', '7']);
    expect(mock.displays.reports.every((r) => r.deviceId === STB)).to.equal(true);
  });

  it('Quiet on the alert: the alert goes, the TV says until when; with no programme known it says alerts stay on', async () => {
    const { mock, app, adapter } = await start();
    mock.gateway.publish(STB, 'voicemail.new', 'vm:1', voicemailFixture('m1'));
    await waitFor(() => texts(app).includes('Voice mail from Jane 505-555-1313'), 'the alert');
    // Off the air (no channel): quiet is refused, and said so.
    for (let i = 0; i < 5; i++) adapter.press('Right'); // … Dismiss → Reply → Quiet
    adapter.press('Enter');
    await waitFor(() => texts(app).some((t) => t.startsWith('Alerts stay on')), 'the refusal');
    expect(app.alerts.current$.value).to.equal(null);
    adapter.tune('4');
    await waitFor(() => mock.displays.channels.get(STB) === '4', 'channel 4 reported');
    mock.gateway.publish(STB, 'voicemail.new', 'vm:2', voicemailFixture('m2', { callerName: 'Simon' }));
    await waitFor(() => texts(app).includes('Voice mail from Simon 505-555-1313'), 'the second alert');
    for (let i = 0; i < 5; i++) adapter.press('Right'); // … Dismiss → Reply → Quiet
    adapter.press('Enter');
    await waitFor(
      () => texts(app).some((t) => /^Quiet until The Evening News ends \(.+\): alerts will wait$/.test(t)),
      'the quiet',
    );
    expect(mock.displays.quiet.has(STB)).to.equal(true);
  });

  it('shows the summary once when the programme ends, and the messages are in the inbox', async () => {
    const { mock, app, adapter } = await start();
    const summary = {
      programmeTitle: 'The Evening News',
      count: 2,
      messages: [voicemailFixture('s1'), voicemailFixture('s2', { callerName: 'Simon' })],
    };
    // The carrier has them too: the inbox fetches its list after a summary.
    mock.voicemail.add(messageFixture('s1'));
    mock.voicemail.add(messageFixture('s2', { callerName: 'Simon' }));
    let syncs = 0;
    const counting = app.inbox!.sync$.subscribe((state) => state === 'synced' && syncs++);
    cleanups.push(() => counting.unsubscribe());
    const before = syncs;
    mock.gateway.publish(STB, 'voicemail.summary', 'sum:1', summary);
    const line = 'While you watched The Evening News: 2 voicemails from Jane and Simon';
    await waitFor(() => texts(app).includes(line), 'the summary');
    await waitFor(() => app.inbox?.messages$.value.length === 2, 'both messages in the inbox');
    // No alert for each of them: the summary is the one thing shown.
    expect(app.alerts.current$.value).to.equal(null);
    adapter.press('Info');
    await waitFor(() => texts(app).includes('Simon 505-555-1313'), 'the inbox');
    // The list is fetched after a summary (it carries no transcripts, and at most ten messages).
    await waitFor(() => syncs > before, 'the fetch after the summary');
  });
});
