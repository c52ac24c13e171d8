import { expect } from 'chai';
import { messageFixture, MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import { layoutProblems } from '../helpers/layout.ts';
import { pushBarrier, startMockPush } from '../helpers/mock-push.ts';
import { startRemoteTv } from '../helpers/remote-tv.ts';
import { drawnFocus, visibleTexts } from '../helpers/scene.ts';
import { startTestTv } from '../helpers/tv.ts';
import { waitFor } from '../helpers/wait.ts';

const STB = MOCK_CREDENTIALS.deviceId;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/**
 * Issue 15, item 3 — nothing missed: each alert counts down the seconds it has left; a resting "✉ 3 new" on the
 * picture that never takes the keys; alerts that waited while the TV was away come as one summary whose OK opens the
 * inbox; Later says where the message went; a late alert says when the message was left; on a TV that follows more
 * than one mailbox, each inbox row says whose it is. Driven with the remote's keys, checked as drawn.
 */
describe('TV app: nothing missed', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('an alert counts down the seconds before it leaves, and leaves at zero', async () => {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const tv = await startTestTv({ alertMs: 4000 });
    cleanups.push(tv.stop);
    const texts = () => visibleTexts(tv.app.root);
    await waitFor(() => tv.app.push?.state === 'online', 'online');
    mock.gateway.publish(STB, 'voicemail.new', 'vm:c', voicemailFixture('c', { receivedAt: minutesAgo(0) }));
    await waitFor(
      () => texts().includes('Closes in 4 s') || texts().includes('Closes in 3 s'),
      'the countdown',
    );
    await waitFor(() => texts().includes('Closes in 2 s'), 'the countdown going down', 3000);
    await waitFor(() => texts().includes('Closes in 1 s'), 'one second left', 3000);
    await waitFor(() => !texts().some((t) => t.startsWith('Voice mail from')), 'the alert to leave', 3000);
    expect(texts().join()).not.to.include('Closes in');
  });

  it('"✉ 2 new" rests on the picture, never takes the keys, and follows messages heard and deleted elsewhere', async () => {
    const tv = await startRemoteTv(cleanups, {
      messages: [
        messageFixture('m1', { callerName: 'Ann' }),
        messageFixture('m2', { callerName: 'Bob' }),
        messageFixture('m3', { callerName: 'Cat', folder: 'saved' }),
      ],
    });
    await tv.shows('✉ 2 new', 'the resting count');
    expect(drawnFocus(tv.app.root), 'nothing drawn focused').to.deep.equal([]);
    tv.press('Enter', 'Down', 'Right');
    await pushBarrier(tv.gateway, STB);
    expect(tv.texts()).to.deep.equal(['✉ 2 new']);
    expect(drawnFocus(tv.app.root)).to.deep.equal([]);

    // An alert is one clear layer: the count waits beneath it, and is back (one more) when it goes.
    await tv.alert(voicemailFixture('m4', { callerName: 'Dan' }));
    expect(tv.texts()).not.to.include('✉ 2 new');
    tv.press('Back');
    await tv.shows('✉ 3 new', 'the count with the new message');

    const update = (messageId: string, state: 'heard' | 'deleted') =>
      tv.gateway.publish(STB, 'voicemail.updated', `vm:u:${messageId}:${state}`, {
        messageId,
        mailbox: '5055551212',
        state,
        byDeviceId: 'phone-mary',
        callerName: 'x',
      });
    update('m1', 'heard');
    await tv.shows('✉ 2 new', 'one fewer once heard on the phone');
    update('m2', 'deleted');
    await tv.shows('✉ 1 new', 'one fewer once deleted');
    update('m4', 'heard');
    await waitFor(() => tv.app.inbox?.messages$.value.every((m) => m.folder === 'saved'), 'all heard');
    await pushBarrier(tv.gateway, STB);
    expect(tv.texts().join()).not.to.include('✉');
  });

  it('alerts that waited while the TV was off come as one summary; OK opens the inbox with them', async () => {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const callers = ['Ann', 'Bob', 'Cat', 'Dan', 'Eve'];
    callers.forEach((name, i) => {
      mock.voicemail.add(messageFixture(`b${i}`, { callerName: name, receivedAt: minutesAgo(120 - i) }));
      mock.gateway.publish(
        STB,
        'voicemail.new',
        `vm:b${i}`,
        voicemailFixture(`b${i}`, { callerName: name, receivedAt: minutesAgo(120 - i) }),
      );
    });
    const tv = await startTestTv();
    cleanups.push(tv.stop);
    const texts = () => visibleTexts(tv.app.root);
    const shown: string[] = [];
    tv.app.bus.on('voicemail:received', ({ alert }) => shown.push(alert.eventId));
    await waitFor(() => texts().includes('5 new voicemails — Ann, Bob, Cat…'), 'the one summary');
    expect(texts()).to.include.members(['For Mary · waiting in your inbox', 'Open inbox', 'Dismiss']);
    expect(texts().some((t) => t.startsWith('The first left '))).to.equal(true);
    expect(drawnFocus(tv.app.root)).to.deep.equal(['Open inbox']);
    const problems = await layoutProblems(tv.app);
    expect(problems, problems.join('\n')).to.deep.equal([]);
    await waitFor(() => mock.gateway.pending(STB).length === 0, 'every alert acknowledged');
    expect(shown, 'none of them as an alert of its own').to.deep.equal([]);
    expect(texts().join()).not.to.include('Voice mail from');

    tv.adapter.press('Enter');
    await waitFor(() => texts().includes('Voicemail'), 'the inbox');
    for (const name of callers) await waitFor(() => texts().includes(`${name} 505-555-1313`), name);
    expect(texts().join()).not.to.include('new voicemails');
  });

  it('two that waited still come one by one; an alert that comes live is never held for a summary', async () => {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    for (const name of ['Ann', 'Bob']) {
      mock.gateway.publish(STB, 'voicemail.new', `vm:${name}`, voicemailFixture(name, { callerName: name }));
    }
    const tv = await startTestTv();
    cleanups.push(tv.stop);
    const texts = () => visibleTexts(tv.app.root);
    await waitFor(() => texts().includes('Voice mail from Ann 505-555-1313'), 'Ann');
    tv.adapter.press('Blue');
    await waitFor(() => texts().includes('Voice mail from Bob 505-555-1313'), 'Bob after Ann');
    tv.adapter.press('Blue');
    await waitFor(() => !texts().some((t) => t.startsWith('Voice mail from')), 'both dismissed');
    for (const name of ['Cat', 'Dan', 'Eve']) {
      mock.gateway.publish(STB, 'voicemail.new', `vm:${name}`, voicemailFixture(name, { callerName: name }));
    }
    await waitFor(() => texts().includes('Voice mail from Cat 505-555-1313'), 'Cat, live');
    expect(texts().join()).not.to.include('new voicemails');
  });

  it('Later says where the message went', async () => {
    const tv = await startRemoteTv(cleanups, { messages: [messageFixture('m1')] });
    await tv.alert(voicemailFixture('m1'));
    tv.press('Yellow');
    await tv.shows('Saved for later — in your inbox', 'the acknowledgement');
    expect(tv.texts().join()).not.to.include('Voice mail from');
  });

  it('a late alert says when the message was left; one that comes as it is left does not', async () => {
    const tv = await startRemoteTv(cleanups, { messages: [] });
    const left = new Date(Date.now() - 125 * 60_000);
    await tv.alert(voicemailFixture('old', { callerName: 'Ann', receivedAt: left.toISOString() }));
    const time = left.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
    const late = new Date().toDateString() === left.toDateString() ? `Left at ${time} · 2 hours ago` : null;
    if (late) await tv.shows(late, 'when it was left');
    else
      await waitFor(() => tv.texts().includes(`Left yesterday at ${time}`), 'when it was left (yesterday)');
    tv.press('Blue');
    await tv.alert(voicemailFixture('new', { callerName: 'Bob', receivedAt: new Date().toISOString() }));
    expect(tv.texts().join()).not.to.include('Left ');

    tv.press('Blue');
    await tv.alert(voicemailFixture('mid', { callerName: 'Cat', receivedAt: minutesAgo(25) }));
    expect(tv.texts()).to.include('Left 25 minutes ago');
  });

  it('on a TV that follows two mailboxes, each inbox row says whose it is; with one, none does', async () => {
    const tv = await startRemoteTv(cleanups, {
      messages: [
        messageFixture('m1', { callerName: 'Ann' }),
        messageFixture('m2', { callerName: 'Bob', mailbox: '5055551414', mailboxOwner: 'Simon' }),
      ],
    });
    tv.press('Info');
    await tv.shows('Ann 505-555-1313', 'the inbox');
    const rowOf = (name: string) => {
      const texts = tv.texts();
      return texts[texts.indexOf(`${name} 505-555-1313`) + 1] ?? '';
    };
    expect(rowOf('Ann')).to.match(/^For Mary · /);
    expect(rowOf('Bob')).to.match(/^For Simon · /);

    // Simon's message deleted elsewhere: one mailbox left, no owner on the rows.
    tv.gateway.publish(STB, 'voicemail.updated', 'vm:u:m2', {
      messageId: 'm2',
      mailbox: '5055551414',
      state: 'deleted',
      byDeviceId: 'phone-simon',
      callerName: 'Bob',
    });
    await waitFor(() => !tv.texts().includes('Bob 505-555-1313'), 'Bob gone');
    expect(rowOf('Ann')).not.to.include('For Mary');
  });
});
