import { expect } from 'chai';
import { messageFixture, MOCK_DEVICES, voicemailFixture } from '../../mocks/fixtures.ts';
import { MOCK_PIN } from '../../mocks/mock-voicemail.ts';

const SHORT_AUDIO_URL = '/mocks/fixtures/audio/voicemail-2s.m4a';
import { startMockPush } from '../../tests/helpers/mock-push.ts';
import { openPhonePage } from './test-phone-page.ts';
import { waitFor } from '../../tests/helpers/wait.ts';
import type { PhoneApp } from './phone-app.ts';
import type { VoicemailItem } from './voicemail-item.ts';

const PHONE = 'phone-mary';
const LIVING_ROOM = MOCK_DEVICES.find((d) => d.id === 'stb-living-room')!;

describe('phone page', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(setup: (mock: Awaited<ReturnType<typeof startMockPush>>) => void = () => {}) {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    setup(mock);
    const { page, remove } = await openPhonePage(mock.gateway, PHONE);
    cleanups.push(remove);
    return { mock, page };
  }

  const shadow = (page: PhoneApp) => page.shadowRoot!;
  const row = (page: PhoneApp, id: string) =>
    shadow(page).querySelector<VoicemailItem>(`voicemail-item[data-message-id="${id}"]`);
  const rowText = (page: PhoneApp, id: string) => row(page, id)?.shadowRoot?.textContent ?? '';
  const notices = (page: PhoneApp) =>
    [...shadow(page).querySelectorAll('.notices li .text')].map((li) => li.textContent?.trim());
  const banners = (page: PhoneApp) =>
    [...shadow(page).querySelectorAll('.banner .text')].map((b) =>
      b.textContent?.replace(/\s+/g, ' ').trim(),
    );

  function button(item: VoicemailItem, label: string): HTMLButtonElement {
    const found = [...item.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === label,
    );
    if (!found) throw new Error(`no "${label}" button`);
    return found;
  }

  async function enterPin(item: VoicemailItem, pin: string) {
    const input = await waitFor(() => item.shadowRoot!.querySelector('input'), 'the PIN field');
    input.value = pin;
    item.shadowRoot!.querySelector('form')!.requestSubmit();
  }

  it('lists the inbox, new and saved (the TV’s word), with a caller name full of markup shown as typed', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const { page } = await start((mock) => {
      mock.voicemail.add(
        messageFixture('m-new', { callerName: hostile, transcript: 'Call me back after the news' }),
      );
      mock.voicemail.add(
        messageFixture('m-heard', { folder: 'saved', receivedAt: '2026-11-21T08:00:00.000Z' }),
      );
    });
    await waitFor(() => row(page, 'm-heard'), 'the inbox');
    expect(rowText(page, 'm-new'))
      .to.contain(hostile)
      .and.contain('New')
      .and.contain('“Call me back after the news”');
    expect(rowText(page, 'm-heard')).to.contain('Jane').and.contain('Saved').and.contain('505-555-1313');
    expect(shadow(page).querySelector('h2')!.textContent).to.contain('1 new');
    expect(row(page, 'm-new')!.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('shows a voicemail pushed on the channel once, as a banner and in the inbox', async () => {
    const { mock, page } = await start();
    const event = voicemailFixture('m-push');
    mock.gateway.publish(PHONE, 'voicemail.new', 'voicemail.new:m-push', event);
    await waitFor(() => banners(page).length === 1, 'the banner');
    expect(banners(page)).to.deep.equal(['Voice mail from Jane 505-555-1313']);
    await waitFor(() => row(page, 'm-push'), 'the message in the inbox');

    shadow(page).querySelector<HTMLButtonElement>('.banner button')!.click();
    await waitFor(() => banners(page).length === 0, 'the banner dismissed');
    // The same event again (a retried delivery under a new sequence number) is not shown twice.
    mock.gateway.publish(PHONE, 'voicemail.new', 'voicemail.new:m-push', event);
    await waitFor(() => (mock.gateway.acks.get(PHONE) ?? []).includes(2), 'the second delivery acknowledged');
    await page.updateComplete;
    expect(banners(page)).to.deep.equal([]);
  });

  it('deletes with the PIN: a wrong one says the tries left, the right one asks to confirm, then "deleted"', async () => {
    const { mock, page } = await start((m) => m.voicemail.add(messageFixture('m-del')));
    const item = await waitFor(() => row(page, 'm-del'), 'the message');
    button(item, 'Delete').click();
    await enterPin(item, '1111');
    await waitFor(
      () => item.shadowRoot!.textContent?.includes('Wrong PIN — 4 tries left'),
      'the wrong-PIN error',
    );

    await enterPin(item, MOCK_PIN);
    await waitFor(
      () => item.shadowRoot!.textContent?.includes('Delete the message from Jane?'),
      'the question',
    );
    expect(mock.voicemail.deleted).to.deep.equal([]);
    button(item, 'Delete').click();
    await waitFor(() => notices(page).includes('Message from Jane deleted'), 'the result');
    expect(mock.voicemail.deleted).to.deep.equal(['m-del']);
    await waitFor(() => row(page, 'm-del') === null, 'the row gone');
  });

  it('says when the TV deleted a message, and drops its banner and row', async () => {
    const { mock, page } = await start((m) => m.voicemail.add(messageFixture('m-tv')));
    mock.gateway.publish(PHONE, 'voicemail.new', 'voicemail.new:m-tv', voicemailFixture('m-tv'));
    await waitFor(() => banners(page).length === 1 && row(page, 'm-tv'), 'banner and row');
    mock.gateway.publish(PHONE, 'voicemail.updated', 'voicemail.updated:m-tv:deleted', {
      messageId: 'm-tv',
      mailbox: '5055551212',
      state: 'deleted',
      byDeviceId: LIVING_ROOM.id,
      byDeviceName: LIVING_ROOM.name,
      callerName: 'Jane',
    });
    await waitFor(
      () => notices(page).includes(`Message from Jane deleted on ${LIVING_ROOM.name}`),
      'the news',
    );
    expect(banners(page)).to.deep.equal([]);
    await waitFor(() => row(page, 'm-tv') === null, 'the row gone');
  });

  it('plays the message after the PIN; played to the end, it is heard', async function () {
    // Real media under a full test run can take seconds to start; the waits below bound each step.
    this.timeout(30_000);
    const { mock, page } = await start((m) => {
      m.voicemail.add(messageFixture('m-play', { durationSec: 2 }));
      // A 2 s message, played to its end as it is: no seek involved.
      m.voicemail.audioUrls.set('m-play', SHORT_AUDIO_URL);
    });
    const item = await waitFor(() => row(page, 'm-play'), 'the message');
    button(item, 'Play').click();
    await enterPin(item, MOCK_PIN);
    const audio = await waitFor(() => item.shadowRoot!.querySelector('audio'), 'the player');
    expect(audio.src).to.equal(new URL(SHORT_AUDIO_URL, window.location.origin).toString());
    await waitFor(() => audio.currentTime > 0.2, 'the audio playing', 10_000);
    await waitFor(() => mock.voicemail.heard.includes('m-play'), 'marked heard', 15_000).catch(
      (error: Error) => {
        // Seen in full runs only: say what the element was doing.
        const state = {
          t: audio.currentTime,
          d: audio.duration,
          paused: audio.paused,
          ended: audio.ended,
          readyState: audio.readyState,
          connected: audio.isConnected,
          error: audio.error?.code,
        };
        throw new Error(`${error.message}: ${JSON.stringify(state)}`);
      },
    );
    await waitFor(() => rowText(page, 'm-play').includes('Saved'), 'the row says saved, as the TV does');
  });

  it("says why a message can't be played, in the server's words", async () => {
    const { page } = await start((m) => {
      m.voicemail.add(messageFixture('m-broken'));
      m.voicemail.audioUrls.set('m-broken', '/api/voicemail/playback/unplayable/audio');
    });
    const item = await waitFor(() => row(page, 'm-broken'), 'the message');
    button(item, 'Play').click();
    await enterPin(item, MOCK_PIN);
    await waitFor(
      () => item.shadowRoot!.textContent?.includes("This message can't be played (truncated)"),
      'the reason',
      10_000,
    );
    // It can still be deleted.
    button(item, 'Delete').click();
    await waitFor(
      () => item.shadowRoot!.textContent?.includes('Delete the message from Jane?'),
      'the question',
    );
  });

  it('asks the holder before their line is linked: one already waiting and one pushed, answered here', async () => {
    const hostile = '<b onmouseover="window.__pwned=1">Ana</b>';
    const { page, mock } = await start((m) => {
      m.consents.ask(PHONE, 'Luis');
    });
    const requests = () => [...shadow(page).querySelectorAll<HTMLElement>('.consent')];
    await waitFor(() => requests().length === 1, 'the waiting request, listed on open');
    mock.consents.ask(PHONE, hostile);
    await waitFor(() => requests().length === 2, 'the pushed request');
    expect(requests()[1]!.textContent).to.contain(hostile);
    expect(requests()[1]!.querySelector('b')).to.equal(null);
    const [luis, other] = mock.consents.consents;
    const answer = (section: HTMLElement, label: string) =>
      [...section.querySelectorAll('button')].find((b) => b.textContent?.trim() === label)!.click();
    answer(
      requests().find((r) => r.dataset.consentId === other!.id)!,
      'Refuse',
    );
    await waitFor(() => requests().length === 1, 'the refused request gone');
    expect(other!.state).to.equal('refused');
    expect(shadow(page).querySelector('.answer')!.textContent).to.contain(
      `You refused ${hostile}'s request: nothing was linked.`,
    );
    answer(requests()[0]!, 'Approve');
    await waitFor(() => luis!.state === 'approved', 'the approval at the backend');
    await waitFor(() => requests().length === 0, 'no requests left');
    expect(shadow(page).querySelector('.answer')!.textContent).to.contain("You approved Luis's request");
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
