import { expect } from 'chai';
import { preview, when } from '../../client/wording.ts';
import type { TvApp } from '../../app/tv-app.ts';
import { messageFixture, MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import { startMockPush } from '../helpers/mock-push.ts';
import { visibleTexts } from '../helpers/scene.ts';
import { freshDbName, waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;

describe('inbox texts', () => {
  it('says when in a few words', () => {
    const now = new Date('2026-11-22T21:00:00');
    expect(when('2026-11-22T20:05:00', now)).to.match(/^Today \d\d?:\d\d([\s\u202f][AP]M)?$/);
    expect(when('2026-11-21T09:00:00', now)).to.match(/^Yesterday /);
  });

  it('previews the first words of a transcript', () => {
    expect(preview('Hi Mary, call me back when the news is over please', 5)).to.equal(
      '“Hi Mary, call me back…”',
    );
    expect(preview(null)).to.equal('');
  });
});

describe('TV app: the voicemail inbox', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(dbName: string) {
    const tv = await startTestTv({ dbName });
    cleanups.push(tv.stop);
    return tv;
  }

  const texts = (app: TvApp) => visibleTexts(app.root);

  it('shows the saved list at once after a restart, even with the server down, and says it is offline', async () => {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    mock.voicemail.add(messageFixture('m1', { transcript: 'Hi Mary, call me back when the news is over' }));
    mock.voicemail.add(
      messageFixture('m2', { callerName: 'Simon', folder: 'saved', receivedAt: '2026-11-21T09:00:00.000Z' }),
    );
    const dbName = freshDbName();
    const first = await start(dbName);
    await waitFor(() => first.app.inbox?.sync$.value === 'synced', 'the first sync');
    first.stop();

    mock.voicemail.unavailable = true;
    const second = await start(dbName);
    second.adapter.press('Info');
    await waitFor(() => texts(second.app).includes('Voicemail'), 'the inbox');
    const shown = texts(second.app);
    expect(shown).to.include.members(['Jane 505-555-1313', 'Simon 505-555-1313']);
    expect(shown.indexOf('Jane 505-555-1313')).to.be.lessThan(
      shown.indexOf('Simon 505-555-1313'),
      'new first',
    );
    expect(shown.join('\n')).to.include('“Hi Mary, call me back when the news…”');
    await waitFor(() => texts(second.app).includes('Offline — saved list'), 'the offline note');
  });

  it('follows push events: a new message appears, a heard one is saved, a deleted one goes', async () => {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const { app, adapter } = await start(freshDbName());
    await waitFor(() => app.push?.state === 'online', 'online');
    adapter.press('Info');
    await waitFor(() => texts(app).includes('No voicemail'), 'the empty inbox');
    // The push arrives while a refresh is under way: the refresh's older answer must not drop it.
    void app.inbox?.sync();
    mock.gateway.publish(STB, 'voicemail.new', 'vm:n', voicemailFixture('n1', { callerName: 'Ann' }));
    // The alert that came with it is the one layer drawn; dismissed, the inbox is back with the new message.
    await waitFor(() => texts(app).includes('Voice mail from Ann 505-555-1313'), 'the alert');
    adapter.press('Blue');
    await waitFor(() => texts(app).includes('Ann 505-555-1313'), 'the new message in the inbox');
    const update = (state: 'heard' | 'deleted') =>
      mock.gateway.publish(STB, 'voicemail.updated', `vm:u:${state}`, {
        messageId: 'n1',
        mailbox: '5055551212',
        state,
        byDeviceId: 'phone-mary',
        callerName: 'Ann',
      });
    update('heard');
    await waitFor(() => app.inbox?.messages$.value[0]?.folder === 'saved', 'the message saved').catch(
      (e: Error) => {
        throw new Error(
          `${e.message}: ${JSON.stringify(app.inbox?.messages$.value)} ${JSON.stringify(texts(app))}`,
        );
      },
    );
    await waitFor(() => texts(app).some((t) => t.includes('Saved')), 'the row to say Saved');
    update('deleted');
    await waitFor(() => texts(app).includes('No voicemail'), 'the message gone');
  });

  it("a routing change that stops Mary's voicemail here takes her alert down and her messages out", async () => {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const { app } = await start(freshDbName());
    await waitFor(() => app.push?.state === 'online', 'online');
    mock.gateway.publish(STB, 'voicemail.new', 'vm:simon', {
      ...voicemailFixture('s1', { callerName: 'Ann' }),
      mailbox: '5055551414',
      mailboxOwner: 'Simon',
    });
    mock.gateway.publish(STB, 'voicemail.new', 'vm:mary', voicemailFixture('m1', { callerName: 'Bob' }));
    await waitFor(() => app.inbox?.messages$.value.length === 2, 'both messages');
    expect(app.alerts.current$.value?.messageId).to.equal('s1');
    mock.gateway.publish(STB, 'routing.changed', 'routing:1', {
      follows: [
        { phoneNumber: '5055551414', ownerName: 'Simon', contentTypes: ['voicemail'] },
        { phoneNumber: '5055551212', ownerName: 'Mary', contentTypes: ['callerid'] },
      ],
    });
    await waitFor(() => app.inbox?.messages$.value.length === 1, "Mary's message gone");
    expect(app.inbox?.messages$.value[0]?.id).to.equal('s1');
    // Simon's alert stays on screen; Mary's, waiting behind it, never comes.
    expect(app.alerts.current$.value?.messageId).to.equal('s1');
    app.alerts.dismiss();
    expect(app.alerts.current$.value).to.equal(null);
  });

  it('OK on a message asks for the PIN to listen to it', async () => {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    mock.voicemail.add(messageFixture('m1'));
    const { app, adapter } = await start(freshDbName());
    adapter.press('Info');
    await waitFor(() => texts(app).includes('Jane 505-555-1313'), 'the inbox');
    adapter.press('Enter');
    await waitFor(() => texts(app).includes('Enter your voicemail PIN'), 'the PIN screen');
    expect(app.flow?.state).to.include({ step: 'pin', intent: 'listen' });
  });
});
