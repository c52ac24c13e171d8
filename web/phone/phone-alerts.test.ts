import { expect } from 'chai';
import { messageFixture, mockProfileId, MOCK_DEVICES, voicemailFixture } from '../../mocks/fixtures.ts';
import { startMockPush } from '../../tests/helpers/mock-push.ts';
import { waitFor } from '../../tests/helpers/wait.ts';
import { openPhonePage } from './test-phone-page.ts';
import type { PhoneApp } from './phone-app.ts';

const PHONE = 'phone-mary';
const LIVING_ROOM = MOCK_DEVICES.find((d) => d.id === 'stb-living-room')!;
/** The phone's clock in these tests: news is stamped with it. */
const NOW = Date.parse('2026-11-22T21:30:00.000Z');

/**
 * The phone page's top, as the issue asked (a dozen calls left eleven banners and pushed the TV's request to text
 * 2,600 px down): what waits for an answer first, new voicemail as one row with a count, news with its time, the
 * same news once with a count.
 */
describe('phone page: requests first, alerts collapsed, news with times', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start() {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const { page, remove } = await openPhonePage(mock.gateway, PHONE, { now: () => NOW });
    cleanups.push(remove);
    return { mock, page };
  }
  const shadow = (page: PhoneApp) => page.shadowRoot!;
  const banners = (page: PhoneApp) => [...shadow(page).querySelectorAll<HTMLElement>('.banner')];
  const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

  it('a dozen voicemails are one row with their count, below the TV asking to text through the phone', async () => {
    const { mock, page } = await start();
    const callers = ['Jane', 'Simon', 'Ana', 'Bob'];
    for (let i = 0; i < 12; i++) {
      const id = `m-${i}`;
      mock.voicemail.add(messageFixture(id));
      mock.gateway.publish(
        PHONE,
        'voicemail.new',
        `voicemail.new:${id}`,
        voicemailFixture(id, {
          callerName: callers[i % callers.length]!,
          receivedAt: new Date(NOW - (12 - i) * 60_000).toISOString(),
        }),
      );
    }
    await waitFor(() => banners(page)[0]?.dataset.count === '12', 'the twelfth voicemail counted');
    expect(banners(page)).to.have.length(1);
    // Newest first: the twelfth was Bob's, the eleventh Ana's, the tenth Simon's; Jane's is left to "…".
    expect(text(banners(page)[0]!.querySelector('.text'))).to.equal('12 new voicemails — Bob, Ana, Simon…');
    // The newest one's time: a minute before the phone's now.
    expect(banners(page)[0]!.querySelector('time')!.getAttribute('datetime')).to.equal(
      new Date(NOW - 60_000).toISOString(),
    );

    const request = {
      profileId: mockProfileId(LIVING_ROOM.id),
      name: LIVING_ROOM.name,
      capability: 'sms' as const,
    };
    mock.texting.waiting.set(PHONE, [{ ...request, at: new Date(NOW).toISOString() }]);
    mock.gateway.publish(PHONE, 'capability.requested', 'capability.requested:1', request);
    const prompt = await waitFor(
      () => shadow(page).querySelector('sms-requests')?.shadowRoot?.querySelector('[data-request]'),
      'the request to text',
    );
    expect(text(prompt)).to.contain('Living-room TV asks to text through this phone');
    // Drawn above the alerts: nothing the viewer must answer is pushed down by them.
    expect(prompt.getBoundingClientRect().bottom).to.be.at.most(
      banners(page)[0]!.getBoundingClientRect().top,
    );

    // One Dismiss takes the row away; the inbox still lists every message.
    banners(page)[0]!.querySelector('button')!.click();
    await waitFor(() => banners(page).length === 0, 'the row dismissed');
    await waitFor(
      () => shadow(page).querySelectorAll('voicemail-item').length === 12,
      'the twelve messages in the inbox',
    );
  });

  it('one voicemail keeps its banner, with the caller, the number and the time', async () => {
    const { mock, page } = await start();
    mock.gateway.publish(PHONE, 'voicemail.new', 'voicemail.new:m-one', voicemailFixture('m-one'));
    await waitFor(() => banners(page).length === 1, 'the banner');
    expect(text(banners(page)[0]!.querySelector('.text'))).to.equal('Voice mail from Jane 505-555-1313');
    expect(banners(page)[0]!.querySelector('time')!.getAttribute('datetime')).to.equal(
      voicemailFixture('m-one').receivedAt,
    );
  });

  it('the same news twice is one line with a count, stamped with the time it last came', async () => {
    const { mock, page } = await start();
    const deletedOnTv = (id: string, seq: number) =>
      mock.gateway.publish(PHONE, 'voicemail.updated', `voicemail.updated:${id}:deleted:${seq}`, {
        messageId: id,
        mailbox: '5055551212',
        state: 'deleted',
        byDeviceId: LIVING_ROOM.id,
        byDeviceName: LIVING_ROOM.name,
        callerName: 'Jane',
      });
    deletedOnTv('m-a', 1);
    deletedOnTv('m-b', 2);
    const lines = () => [...shadow(page).querySelectorAll('.notices li')];
    await waitFor(() => text(lines()[0]?.querySelector('.count')) === '(2 times)', 'the second time counted');
    expect(lines()).to.have.length(1);
    expect(text(lines()[0]!.querySelector('.text'))).to.equal(
      `Message from Jane deleted on ${LIVING_ROOM.name}`,
    );
    expect(lines()[0]!.querySelector('time')!.getAttribute('datetime')).to.equal(new Date(NOW).toISOString());
  });
});
