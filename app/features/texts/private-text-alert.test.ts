import { expect } from 'chai';
import type { TvApp } from '../../tv-app.ts';
import { messageFixture, MOCK_CREDENTIALS, profileFixture } from '../../../mocks/fixtures.ts';
import type { EventData } from '../../../protocol/index.ts';
import { startMockPush } from '../../../tests/helpers/mock-push.ts';
import { visibleTexts } from '../../../tests/helpers/scene.ts';
import { startTestTv } from '../../../tests/helpers/tv.ts';
import { waitFor } from '../../../tests/helpers/wait.ts';

const STB = MOCK_CREDENTIALS.deviceId;
const RECEIVED_AT = '2026-11-22T20:05:00.000Z';

/**
 * A text that arrives for Mary, as the relay sends it to a display whose privacy is "private" (or that lists the
 * sender as a private caller): no number, no words, and `show: 'private'`. The relay's side — that a private
 * display is sent exactly this — is server/texts/text-relay.test.ts ("a private display is sent neither …").
 */
const PRIVATE_TEXT: EventData<'text.incoming'> = {
  smsId: 'sms-private-1',
  line: '5055551212',
  lineOwner: 'Mary',
  from: '',
  text: '',
  receivedAt: RECEIVED_AT,
  show: 'private',
};

/** Nothing on screen may name Jane, give her number in any form, or quote her words. */
const REVEALING = /Jane|1313|Meet me at 8/;

describe('TV app: a text on a private display', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const texts = (app: TvApp) => visibleTexts(app.root);
  const revealing = (app: TvApp) => texts(app).filter((t) => REVEALING.test(t));

  it('alerts "New text for Mary" and draws neither the number, the name nor the words — in the alert or the texts', async () => {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    // Jane left a voicemail, so the TV knows her name for her number: a private text must not use it.
    mock.voicemail.add(messageFixture('m1'));
    const { app, adapter, stop } = await startTestTv();
    cleanups.push(stop);
    await waitFor(() => app.push?.state === 'online', 'online');
    await waitFor(() => app.inbox?.sync$.value === 'synced', 'the first sync');
    mock.texting.profiles.set(STB, [profileFixture('phone-mary', { grantedToYou: ['send', 'receive'] })]);

    mock.gateway.publish(STB, 'text.incoming', `text.incoming:${PRIVATE_TEXT.smsId}`, PRIVATE_TEXT);
    await waitFor(() => texts(app).includes('New text for Mary'), 'the private alert');
    expect(revealing(app)).to.deep.equal([]);
    expect(texts(app).some((t) => t.startsWith('Text from'))).to.equal(false);

    // Reply has no number to answer: nothing opens.
    adapter.press('Green');
    // A later key on the same path (Info opens the inbox), handled: Green was handled before it.
    adapter.press('Info');
    await waitFor(() => texts(app).includes('Voicemail'), 'the inbox, opened by the key after Green');
    expect(texts(app).some((t) => t.startsWith('Text to'))).to.equal(false);
    adapter.press('Back');
    await waitFor(() => !texts(app).includes('Voicemail'), 'the inbox closed');

    // A new private text, then View: the list and the conversation say only that texts came for Mary.
    mock.gateway.publish(STB, 'text.incoming', 'text.incoming:sms-private-2', {
      ...PRIVATE_TEXT,
      smsId: 'sms-private-2',
    });
    await waitFor(() => texts(app).includes('New text for Mary'), 'the second alert');
    adapter.press('Yellow'); // View
    await waitFor(() => texts(app).includes('Private texts for Mary'), 'the list of conversations');
    expect(revealing(app)).to.deep.equal([]);
    adapter.press('Enter');
    await waitFor(
      () => texts(app).filter((t) => t === 'A text came for Mary').length === 2,
      'the private conversation',
    );
    expect(revealing(app)).to.deep.equal([]);
    // Kept as it came: nothing of the sender on the TV's own storage either.
    const stored = app.texting!.texts$.value.filter((t) => t.direction === 'in');
    expect(stored.map((t) => [t.number, t.text, t.private])).to.deep.equal([
      ['', '', true],
      ['', '', true],
    ]);
  });
});
