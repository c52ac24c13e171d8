import { expect } from 'chai';
import type Lightning from '../../app/ui/lightning.ts';
import { COLOR } from '../../app/ui/theme.ts';
import { messageFixture, MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import type { KeyName } from '../../platform-adapters/contract/index.ts';
import { startRemoteTv } from '../helpers/remote-tv.ts';
import { boxAround, drawnElement } from '../helpers/scene.ts';
import { waitFor } from '../helpers/wait.ts';

const STB = MOCK_CREDENTIALS.deviceId;
const PIN: KeyName[] = ['Digit8', 'Digit2', 'Digit6', 'Digit4'];
const TRANSCRIPT =
  'Hi Mary, it is Jane. Call me back after the news, I have something to tell you about Sunday.';

/**
 * Issue 15, item 7 — a consistent TV: every alert in one place and one style, a hint line saying which keys do what
 * on every screen, captions on a backing box that leave with the player. Reached with the remote's keys, checked as
 * drawn.
 */
describe('TV app: one alert style, a hint on every screen, captions on a box', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const setup = () =>
    startRemoteTv(cleanups, {
      messages: [messageFixture('m1', { transcript: TRANSCRIPT })],
      capabilities: { hasMediaKeys: false },
    });

  it('a voicemail alert and a text alert are drawn in the same place, at the same size, each with its countdown', async () => {
    const tv = await setup();
    await tv.alert(voicemailFixture('m1'));
    const voicemail = boxAround(tv.app.root, 'Voice mail from Jane 505-555-1313');
    expect(tv.texts().some((t) => /^Closes in (\d+ s|\d+:\d\d)$/.test(t))).to.equal(true);
    tv.press('Blue');
    await waitFor(() => !tv.texts().some((t) => t.startsWith('Voice mail from')), 'the alert gone');

    tv.gateway.publish(STB, 'text.incoming', 'text.incoming:sms-1', {
      smsId: 'sms-1',
      line: '5055551212',
      lineOwner: 'Mary',
      from: '5055551313',
      text: 'On my way',
      receivedAt: new Date().toISOString(),
    });
    await tv.shows('Text from Jane: On my way', 'the text alert');
    const text = boxAround(tv.app.root, 'Text from Jane: On my way');
    expect(text).to.deep.equal(voicemail);
    expect(text!.x + text!.w, 'on the right, inside the title-safe area').to.equal(1920 - 96);
    expect(tv.texts().some((t) => /^Closes in (\d+ s|\d+:\d\d)$/.test(t))).to.equal(true);
  });

  it('every screen says which keys do what: inbox, PIN pad, player, confirmation, compose', async () => {
    const tv = await setup();
    const hint = (what: string) =>
      waitFor(
        () => tv.texts().find((t) => t.includes(' · ') && t.includes('Back')),
        `a hint line on ${what}`,
      );
    tv.press('Info');
    await tv.shows('Voicemail', 'the inbox');
    await tv.shows('Jane 505-555-1313', 'Jane’s message in the inbox'); // the list arrives after the heading
    expect(await hint('the inbox')).to.include('OK listen');

    tv.press('Enter');
    await tv.shows('Enter your voicemail PIN', 'the PIN pad');
    expect(await hint('the PIN pad')).to.include('type the PIN');

    tv.press(...PIN, 'Enter');
    await tv.shows('Playing', 'the player', 8000);
    expect(await hint('the player')).to.include('OK presses');

    tv.press('Red');
    await tv.shows('Delete the message from Jane?', 'the confirmation');
    expect(await hint('the confirmation')).to.equal('◀ ▶ choose · OK answers · Back cancels');
    tv.press('Back');
    await tv.shows('Voicemail', 'the inbox again');

    tv.press('Green');
    await tv.shows('Text to Jane 505-555-1313', 'the compose screen');
    expect(await hint('the compose screen')).to.include('OK types or presses');
  });

  it('captions are drawn on a backing box, and leave with Stop and with the player', async () => {
    const tv = await setup();
    tv.press('Info');
    await tv.shows('Voicemail', 'the inbox');
    await tv.shows('Jane 505-555-1313', 'Jane’s message in the inbox'); // the list arrives after the heading
    tv.press('Enter', ...PIN, 'Enter');
    await tv.shows('Playing', 'the player', 8000);
    const caption = await waitFor(
      () => tv.texts().find((t) => t.startsWith('Hi Mary, it is Jane')),
      'a caption',
      8000,
    );
    const box = drawnElement(tv.app.root, caption)!.parent!;
    expect([box.rect, box.color], 'a caption box behind the words').to.deep.equal([true, COLOR.captionBox]);
    const captionBoxes = () => {
      const out: Lightning.Element[] = [];
      const walk = (element: Lightning.Element) => {
        if (!element.visible) return;
        if (element.rect && element.color === COLOR.captionBox && element.text === null) out.push(element);
        for (const child of element.childList.get()) walk(child);
      };
      walk(tv.app.root.stage.root);
      return out.filter((e) => e === box);
    };
    expect(captionBoxes()).to.have.length(1);

    tv.press('Right', 'Enter'); // Play / Pause → Stop
    await tv.shows('Stopped', 'stopped');
    expect(tv.texts().filter((t) => TRANSCRIPT.includes(t) && t.split(' ').length > 2)).to.deep.equal([]);
    expect(captionBoxes(), 'the box goes with the words').to.deep.equal([]);

    tv.press('Back');
    await tv.shows('Voicemail', 'the inbox again');
    expect(tv.texts().filter((t) => TRANSCRIPT.includes(t) && t.split(' ').length > 2)).to.deep.equal([]);
    expect(captionBoxes()).to.deep.equal([]);
  });
});
