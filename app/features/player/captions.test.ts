import { expect } from 'chai';
import { messageFixture, MOCK_CREDENTIALS, voicemailFixture } from '../../../mocks/fixtures.ts';
import type { KeyName } from '../../../platform-adapters/contract/index.ts';
import { startMockPush } from '../../../tests/helpers/mock-push.ts';
import { visibleTexts } from '../../../tests/helpers/scene.ts';
import { startTestTv } from '../../../tests/helpers/tv.ts';
import { waitFor } from '../../../tests/helpers/wait.ts';
import { captionAt } from './captions.ts';

/** A transcript that would become elements, and run a script, if anything took it as HTML. */
const MARKUP = '<b>Jane</b><img src=x onerror=alert(1)>';
/**
 * An element made of {@link MARKUP} would call `alert()` when its image fails to load, whenever that is; a real
 * alert would block the page and hang the run, so on this page it does nothing. The test checks for the element.
 */
window.alert = () => undefined;

describe('captions from a transcript', () => {
  const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen';

  it('moves through the text in step with the position', () => {
    expect(captionAt(text, 0, 10)).to.equal('one two three four five six seven');
    expect(captionAt(text, 4.9, 10)).to.equal('one two three four five six seven');
    expect(captionAt(text, 5, 10)).to.equal('eight nine ten eleven twelve thirteen fourteen');
    expect(captionAt(text, 10, 10)).to.equal('eight nine ten eleven twelve thirteen fourteen');
  });

  it('shows nothing without a transcript or a length', () => {
    expect(captionAt(null, 1, 10)).to.equal('');
    expect(captionAt('  ', 1, 10)).to.equal('');
    expect(captionAt(text, 1, NaN)).to.equal('');
  });

  it('keeps markup as literal text', async () => {
    expect(captionAt('<b>hi</b> there', 0, 5)).to.equal('<b>hi</b> there');

    // As drawn while the message plays: the caption's text texture holds the transcript as typed, and no element
    // came of it.
    const mock = await startMockPush('empty');
    mock.voicemail.add(messageFixture('m1', { transcript: MARKUP }));
    const { app, adapter, stop } = await startTestTv();
    try {
      await waitFor(() => app.push?.state === 'online', 'online');
      mock.gateway.publish(
        MOCK_CREDENTIALS.deviceId,
        'voicemail.new',
        'voicemail.new:m1',
        voicemailFixture('m1', { transcript: MARKUP }),
      );
      await waitFor(() => visibleTexts(app.root).includes('Voice mail from Jane 505-555-1313'), 'the alert');
      // Listen, the PIN, then OK on the on-screen keypad.
      const keys: KeyName[] = ['Enter', 'Digit8', 'Digit2', 'Digit6', 'Digit4'];
      keys.push('Down', 'Down', 'Down', 'Right', 'Right', 'Enter');
      keys.forEach((key) => adapter.press(key));
      await waitFor(() => visibleTexts(app.root).includes(MARKUP), 'the caption drawn', 8000);
      // As markup, not elements (an element as chai's `actual` would hang the runner's report of a failure).
      expect([...document.querySelectorAll('img, b')].map((el) => el.outerHTML)).to.deep.equal([]);
    } finally {
      stop();
      await waitFor(() => !mock.gateway.isConnected(MOCK_CREDENTIALS.deviceId), 'the TV off the channel');
      mock.stop();
    }
  });
});
