import { expect } from 'chai';
import type { TvApp } from '../../app/tv-app.ts';
import { messageFixture, MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import type { KeyName } from '../../platform-adapters/contract/index.ts';
import { startMockPush } from '../helpers/mock-push.ts';
import { drawnFocus, visibleTexts } from '../helpers/scene.ts';
import { waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;

/** The whole TV flow with the remote: alert → Listen → PIN (digit keys or keypad) → player → delete → result. */
describe('TV app: listening and deleting with the remote', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(capabilities: { hasDigitKeys?: boolean; hasMediaKeys?: boolean } = {}) {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    mock.voicemail.add(messageFixture('m1'));
    const { app, adapter, stop } = await startTestTv({ capabilities });
    cleanups.push(stop);
    await waitFor(() => app.push?.state === 'online', 'online');
    mock.gateway.publish(STB, 'voicemail.new', 'voicemail.new:m1', voicemailFixture('m1'));
    await waitFor(() => texts(app).includes('Voice mail from Jane 505-555-1313'), 'the alert');
    const press = (...keys: KeyName[]) => keys.forEach((k) => adapter.press(k));
    return { ...mock, app, adapter, press };
  }

  const texts = (app: TvApp) => visibleTexts(app.root);

  it('OK on Listen asks for the PIN; a wrong PIN says so; the right one plays with the programme ducked', async () => {
    const { app, press, adapter } = await setup();
    expect(texts(app)).to.include.members(['Listen', 'Later', 'Delete', 'Dismiss']);
    press('Enter');
    await waitFor(() => texts(app).includes('Enter your voicemail PIN'), 'the PIN screen');
    press('Digit1', 'Digit1', 'Digit1', 'Digit1');
    await waitFor(() => texts(app).includes('••••'), 'the masked PIN');
    press('Enter'); // the digit keys typed a complete PIN: the focus is on the keypad's OK
    await waitFor(() => texts(app).includes('Wrong PIN — 4 tries left'), 'the wrong-PIN message');
    press('Digit8', 'Digit2', 'Digit6', 'Digit4', 'Enter');
    await waitFor(() => texts(app).includes('Playing'), 'the player', 8000);
    expect(texts(app)).to.include.members(['◀◀ 10 s', 'Play / Pause', 'Stop', '10 s ▶▶']);
    await waitFor(() => adapter.programmeAudio.includes('ducked'), 'the programme ducked');
    press('Back');
    await waitFor(() => !texts(app).includes('Playing'), 'the player to close');
    await waitFor(() => adapter.programmeAudio.at(-1) === 'normal', 'the programme sound back');
  });

  // README: "With the alert on screen: OK (or the green key) listens."
  it('the green key listens from the alert, whatever has focus', async () => {
    const { app, press } = await setup();
    press('Right', 'Right', 'Right'); // Listen → Later → Delete → Dismiss: OK here would dismiss
    press('Green');
    await waitFor(() => texts(app).includes('Enter your voicemail PIN'), 'the PIN screen');
    press('Digit8', 'Digit2', 'Digit6', 'Digit4', 'Down', 'Down', 'Down', 'Right', 'Right', 'Enter');
    await waitFor(() => texts(app).includes('Playing'), 'the player', 8000);
  });

  it('shows the carrier’s transcript as captions while the message plays', async () => {
    const { app, press, gateway, voicemail } = await setup();
    voicemail.add(messageFixture('m2', { callerName: 'Ann' }));
    press('Blue');
    gateway.publish(
      STB,
      'voicemail.new',
      'voicemail.new:m2',
      voicemailFixture('m2', {
        callerName: 'Ann',
        transcript: 'Hi Mary, it is Ann. Call me back about Saturday please.',
      }),
    );
    await waitFor(() => texts(app).includes('Voice mail from Ann 505-555-1313'), 'the second alert');
    press('Enter', 'Digit8', 'Digit2', 'Digit6', 'Digit4', 'Down', 'Down', 'Down', 'Right', 'Right', 'Enter');
    await waitFor(() => texts(app).includes('Hi Mary, it is Ann. Call me'), 'the first caption', 8000);
  });

  it('a remote with arrows and OK alone: the PIN on the on-screen keypad, then pause, play and stop', async () => {
    const { app, press } = await setup({ hasDigitKeys: false, hasMediaKeys: false });
    press('Enter');
    await waitFor(() => texts(app).includes('Enter your voicemail PIN'), 'the PIN screen');
    // Keypad: 1 2 3 / 4 5 6 / 7 8 9 / ⌫ 0 OK; focus starts on 1.
    press('Down', 'Down', 'Right', 'Enter'); // 8
    press('Up', 'Up', 'Enter'); // 2
    press('Down', 'Right', 'Enter'); // 6
    press('Left', 'Left', 'Enter'); // 4
    press('Down', 'Down', 'Right', 'Right', 'Enter'); // OK
    await waitFor(() => texts(app).includes('Playing'), 'the player', 8000);
    // The player's buttons: ◀◀ 10 s, Play / Pause (focused first), Stop, 10 s ▶▶, Delete.
    press('Enter');
    await waitFor(() => texts(app).includes('Paused'), 'paused with OK');
    press('Enter');
    await waitFor(() => texts(app).includes('Playing'), 'playing again with OK');
    press('Right', 'Enter');
    await waitFor(() => texts(app).includes('Stopped'), 'stopped with the arrows and OK');
  });

  it('a message the backend cannot prepare just now offers Try again, focused, and OK plays it', async () => {
    const { app, press, voicemail } = await setup();
    voicemail.audioUrls.set('m1', '/api/voicemail/playback/busy/audio');
    press('Enter', 'Digit8', 'Digit2', 'Digit6', 'Digit4', 'Down', 'Down', 'Down', 'Right', 'Right', 'Enter');
    await waitFor(
      () => texts(app).includes("This message can't be played right now — try again in a minute"),
      'the failure',
      8000,
    );
    // Only what can still be done is offered: no Play that cannot play.
    expect(texts(app)).to.include.members(['Try again', 'Delete', 'Close']);
    expect(texts(app)).not.to.include.members(['Play / Pause']);
    expect(drawnFocus(app.root)).to.deep.equal(['Try again']);
    press('Enter');
    await waitFor(() => texts(app).includes('Playing'), 'the message playing', 8000);
    expect(drawnFocus(app.root)).to.deep.equal(['Play / Pause']);
  });

  it('a broken message offers Delete and Close, focused on Close, and Close leaves the player', async () => {
    const { app, press, adapter, voicemail } = await setup();
    voicemail.audioUrls.set('m1', '/api/voicemail/playback/unplayable/audio');
    press('Enter', 'Digit8', 'Digit2', 'Digit6', 'Digit4', 'Down', 'Down', 'Down', 'Right', 'Right', 'Enter');
    await waitFor(() => texts(app).includes("This message can't be played (truncated)"), 'the failure', 8000);
    expect(texts(app)).to.include.members(['Delete', 'Close']);
    expect(texts(app)).not.to.include.members(['Try again']);
    expect(drawnFocus(app.root)).to.deep.equal(['Close']);
    press('Enter');
    await waitFor(() => !texts(app).includes('Close'), 'the player to close');
    expect(adapter.programmeAudio.at(-1) ?? 'normal').to.equal('normal');
  });

  it('Delete asks for the PIN and a confirmation, then says "Message from Jane deleted"', async () => {
    const { app, press, voicemail } = await setup();
    press('Red');
    await waitFor(() => texts(app).includes('Enter your PIN to delete'), 'the PIN screen');
    press('Digit8', 'Digit2', 'Digit6', 'Digit4', 'Down', 'Down', 'Down', 'Right', 'Right', 'Enter');
    await waitFor(() => texts(app).includes('Delete the message from Jane?'), 'the confirmation');
    expect(voicemail.deleted).to.deep.equal([]);
    press('Left', 'Enter');
    await waitFor(() => texts(app).includes('Message from Jane deleted'), 'the result');
    expect(voicemail.deleted).to.deep.equal(['m1']);
  });

  it('Later (yellow) keeps the message new everywhere and takes the alert down', async () => {
    const { app, press, voicemail } = await setup();
    press('Yellow');
    await waitFor(() => voicemail.later.includes('m1'), 'the later call');
    expect(texts(app)).not.to.include('Voice mail from Jane 505-555-1313');
  });

  it('a message deleted on another device disappears from this screen', async () => {
    const { app, gateway } = await setup();
    gateway.publish(STB, 'voicemail.updated', 'voicemail.updated:m1:deleted', {
      messageId: 'm1',
      mailbox: '5055551212',
      state: 'deleted',
      byDeviceId: 'phone-mary',
      callerName: 'Jane',
    });
    await waitFor(() => !texts(app).includes('Voice mail from Jane 505-555-1313'), 'the alert to go');
  });
});
