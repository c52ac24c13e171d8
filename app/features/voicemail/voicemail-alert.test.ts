import { expect } from 'chai';
import { MOCK_CREDENTIALS, voicemailFixture } from '../../../mocks/fixtures.ts';
import { startMockPush } from '../../../tests/helpers/mock-push.ts';
import { visibleTexts } from '../../../tests/helpers/scene.ts';
import { startTestTv } from '../../../tests/helpers/tv.ts';
import { waitFor } from '../../../tests/helpers/wait.ts';
import { alertDetail, alertTitle } from './voicemail-alert.ts';

/** A caller name that would become elements, and run a script, if anything took it as HTML. */
const MARKUP = '<b>Jane</b><img src=x onerror=alert(1)>';
/**
 * An element made of {@link MARKUP} would call `alert()` when its image fails to load, whenever that is; a real
 * alert would block the page and hang the run, so on this page it does nothing. The test checks for the element.
 */
window.alert = () => undefined;

describe('voicemail alert text', () => {
  it('reads "Voice mail from Jane 505-555-1313"', () => {
    expect(alertTitle({ callerName: 'Jane', callerNumber: '5055551313' })).to.equal(
      'Voice mail from Jane 505-555-1313',
    );
  });

  it('degrades without a name or a number', () => {
    expect(alertTitle({ callerName: '', callerNumber: '5055551313' })).to.equal(
      'Voice mail from 505-555-1313',
    );
    expect(alertTitle({ callerName: 'Jane', callerNumber: '' })).to.equal('Voice mail from Jane');
    expect(alertTitle({ callerName: '  ', callerNumber: '' })).to.equal('New voice mail');
  });

  it('keeps markup in a caller name as literal text', async () => {
    expect(alertTitle({ callerName: '<img src=x onerror=alert(1)>', callerNumber: '' })).to.equal(
      'Voice mail from <img src=x onerror=alert(1)>',
    );

    // As drawn: the alert's text texture holds the name as typed, and no element came of it.
    const mock = await startMockPush('empty');
    const tv = await startTestTv();
    try {
      await waitFor(() => tv.app.push?.state === 'online', 'online');
      await waitFor(() => tv.app.texting?.access$.value.state !== 'unknown', 'the profiles read');
      mock.gateway.publish(
        MOCK_CREDENTIALS.deviceId,
        'voicemail.new',
        'voicemail.new:markup',
        voicemailFixture('markup', { callerName: MARKUP, callerNumber: '' }),
      );
      await waitFor(() => visibleTexts(tv.app.root).includes(`Voice mail from ${MARKUP}`), 'the alert drawn');
      // As markup, not elements (an element as chai's `actual` would hang the runner's report of a failure).
      expect([...document.querySelectorAll('img, b')].map((el) => el.outerHTML)).to.deep.equal([]);
    } finally {
      tv.stop();
      await waitFor(() => !mock.gateway.isConnected(MOCK_CREDENTIALS.deviceId), 'the TV off the channel');
      mock.stop();
    }
  });

  it('shows whose mailbox and the length', () => {
    expect(alertDetail({ mailboxOwner: 'Mary', durationSec: 42.4 })).to.equal('For Mary · 0:42');
    expect(alertDetail({ mailboxOwner: '', durationSec: 125 })).to.equal('2:05');
  });
});
