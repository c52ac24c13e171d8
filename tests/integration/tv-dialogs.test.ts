import { expect } from 'chai';
import type { TvApp } from '../../app/tv-app.ts';
import { messageFixture, MOCK_CREDENTIALS } from '../../mocks/fixtures.ts';
import type { KeyName, PlatformCapabilities } from '../../platform-adapters/contract/index.ts';
import { startRemoteTv } from '../helpers/remote-tv.ts';
import { drawnFocus } from '../helpers/scene.ts';
import { waitFor } from '../helpers/wait.ts';

/** Mary's PIN in the mock's mailbox. */
const PIN: KeyName[] = ['Digit8', 'Digit2', 'Digit6', 'Digit4'];

/**
 * Every dialog of the TV, with the remote's keys only: what it draws as focused (the white button, read from the
 * scene) is what OK then does — when it opens the first time after a start, and again when it opens the next time.
 */
describe('TV app: OK does what the focus drawn says', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const setup = (capabilities: Partial<PlatformCapabilities> = {}) =>
    startRemoteTv(cleanups, { messages: [messageFixture('m1')], capabilities });
  /** What the scene draws as focused (see drawnFocus). */
  const focus = (app: TvApp) => drawnFocus(app.root);

  it('the PIN pad opens on its first digit, shows dots only, and OK after the digit keys checks the PIN', async () => {
    const { app, press, alert, texts, shows } = await setup();
    await alert();
    press('Enter');
    await shows('Enter your voicemail PIN', 'the PIN pad');
    expect(focus(app)).to.deep.equal(['1']);
    // Everything the PIN line draws while the four digits go in, until the four dots: never a digit.
    const drawn = new Set<string>();
    press(...PIN);
    await waitFor(() => {
      for (const t of texts()) if (t.includes('•')) drawn.add(t);
      return drawn.has('••••');
    }, 'four dots');
    expect([...drawn].filter((t) => /\d/.test(t))).to.deep.equal([]);
    // The digit keys typed a complete PIN: the focus drawn is on OK, and OK checks it.
    expect(focus(app)).to.deep.equal(['OK']);
    press('Enter');
    await shows('Playing', 'the player', 8000);
    expect(texts()).not.to.include('Enter your voicemail PIN');
  });

  it('the PIN pad opens on its first digit again the next time, wherever the focus was', async () => {
    const { app, press, alert, texts, shows } = await setup();
    await alert();
    press('Enter');
    await shows('Enter your voicemail PIN', 'the PIN pad');
    press('Down', 'Right', 'Right');
    expect(focus(app)).to.deep.equal(['6']);
    press('Enter');
    await shows('•', 'the digit typed on the pad');
    press('Back');
    await waitFor(() => !texts().includes('Enter your voicemail PIN'), 'the pad closed');
    await alert();
    press('Enter');
    await shows('Enter your voicemail PIN', 'the PIN pad again');
    expect(focus(app)).to.deep.equal(['1']);
    // On the pad, OK types the digit drawn as focused.
    press('Enter');
    await shows('•', 'the digit typed');
    press('Enter');
    await shows('••', 'a second digit typed');
  });

  it('the delete confirmation draws Cancel focused from the first time, and OK then keeps the message', async () => {
    const { app, press, alert, voicemail, texts, shows } = await setup();
    await alert();
    press('Red');
    await shows('Enter your PIN to delete', 'the PIN pad');
    press(...PIN, 'Enter');
    await shows('Delete the message from Jane?', 'the first confirmation since the start');
    expect(focus(app)).to.deep.equal(['Cancel']);
    press('Enter');
    await waitFor(() => !texts().includes('Delete the message from Jane?'), 'the confirmation answered');
    await alert();
    press('Red');
    await shows('Enter your PIN to delete', 'the PIN pad again');
    press(...PIN, 'Enter');
    await shows('Delete the message from Jane?', 'the second confirmation');
    expect(focus(app)).to.deep.equal(['Cancel']);
    press('Left');
    expect(focus(app)).to.deep.equal(['Delete']);
    press('Enter');
    await shows('Message from Jane deleted', 'the result');
    // Deleted once, by the second answer: the first OK, on Cancel, kept it.
    expect(voicemail.deleted).to.deep.equal(['m1']);
  });

  it('"Leave Couchline?" draws Cancel focused and OK stays; Leave drawn focused leaves', async () => {
    const { app, adapter, press, texts, shows } = await setup({ canExit: true, asksBeforeExit: true });
    press('Back');
    await shows('Leave Couchline?', 'the question');
    expect(focus(app)).to.deep.equal(['Cancel']);
    press('Enter');
    await waitFor(() => !texts().includes('Leave Couchline?'), 'the question answered');
    expect(adapter.exitCalls).to.equal(0);
    press('Back');
    await shows('Leave Couchline?', 'the question again');
    expect(focus(app)).to.deep.equal(['Cancel']);
    press('Left');
    expect(focus(app)).to.deep.equal(['Leave']);
    press('Enter');
    expect(adapter.exitCalls).to.equal(1);
  });

  it('the voicemail alert draws Listen focused; the button drawn focused is the one OK presses', async () => {
    const { app, press, alert, voicemail, texts } = await setup();
    await alert();
    expect(focus(app)).to.deep.equal(['Listen']);
    press('Right');
    expect(focus(app)).to.deep.equal(['Later']);
    press('Enter');
    await waitFor(() => voicemail.later.includes('m1'), 'Later chosen');
    expect(texts()).not.to.include('Voice mail from Jane 505-555-1313');
  });

  it('the player opens on Play / Pause each time; each button drawn focused is the one OK presses', async () => {
    const { app, press, alert, texts, shows } = await setup({ hasMediaKeys: false });
    await alert();
    press('Enter', ...PIN, 'Enter');
    await shows('Playing', 'the player', 8000);
    expect(focus(app)).to.deep.equal(['Play / Pause']);
    press('Enter');
    await shows('Paused', 'paused by OK');
    press('Right');
    expect(focus(app)).to.deep.equal(['Stop']);
    press('Enter');
    await shows('Stopped', 'stopped by OK');
    press('Back');
    await waitFor(() => !texts().includes('Stopped'), 'the player closed');
    await alert();
    press('Enter', ...PIN, 'Enter');
    await shows('Playing', 'the player again', 8000);
    expect(focus(app)).to.deep.equal(['Play / Pause']);
  });

  it('the inbox draws the row OK opens', async () => {
    const { app, press, voicemail, texts, shows } = await setup();
    voicemail.add(messageFixture('m2', { callerName: 'Simon', receivedAt: '2026-11-21T09:00:00.000Z' }));
    press('Info');
    await waitFor(() => texts().includes('Simon 505-555-1313'), 'the inbox with both messages');
    expect(focus(app)).to.have.length(1);
    expect(focus(app)[0]).to.match(/^Jane 505-555-1313 /);
    press('Down');
    expect(focus(app)[0]).to.match(/^Simon 505-555-1313 /);
    press('Enter');
    await shows('Enter your voicemail PIN', 'the PIN pad');
    expect(texts()).to.include('Voice mail from Simon 505-555-1313');
  });

  it('a text’s alert draws Reply focused; View drawn focused opens the conversation', async () => {
    const { app, press, gateway, texts } = await setup();
    gateway.publish(MOCK_CREDENTIALS.deviceId, 'text.incoming', 'text.incoming:s1', {
      smsId: 's1',
      line: '5055551212',
      lineOwner: 'Mary',
      from: '5055551313',
      text: 'On my way',
      receivedAt: new Date().toISOString(),
    });
    await waitFor(() => texts().some((t) => t.includes('On my way')), 'the text’s alert');
    expect(focus(app)).to.deep.equal(['Reply']);
    press('Right');
    expect(focus(app)).to.deep.equal(['View']);
    press('Enter');
    await waitFor(() => texts().includes('OK or Green reply · Back'), 'the conversation');
  });
});
