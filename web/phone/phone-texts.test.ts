import { expect } from 'chai';
import { messageFixture, mockProfileId } from '../../mocks/fixtures.ts';
import type { EventData } from '../../protocol/index.ts';
import { startMockPush } from '../../tests/helpers/mock-push.ts';
import { openPhonePage } from './test-phone-page.ts';
import { waitFor } from '../../tests/helpers/wait.ts';
import type { PhoneApp } from './phone-app.ts';
import { proxyStateKey } from './sms-proxy-state.ts';

const PHONE = 'phone-mary';
const TV = 'stb-living-room';
const TV_PROFILE = mockProfileId(TV);
const JANE = '5055551313';

/**
 * The phone page as SMS proxy, against the msw mock: the phone's own rules (its master list, asking its holder, its
 * 10 texts an hour and 50 a day) given what the server pushes to it — a device's request to text through it, a text to send —
 * and what it tells the server, as the mock recorded it. What the relay does with that (who may send, who gets
 * copies) is tested against the real backend: server/texts/text-relay.test.ts and tests/e2e/texts.test.ts.
 */
describe('phone page: the SMS proxy', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  type Mock = Awaited<ReturnType<typeof startMockPush>>;

  /** The phone page on a fresh mock backend, with Jane's voicemail in its inbox (so Jane has called). */
  async function start(options: { now?: () => number } = {}) {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    mock.voicemail.add(messageFixture('m-jane'));
    const { page, remove } = await openPhonePage(mock.gateway, PHONE, options);
    cleanups.push(remove);
    // The phone said it can send SMS.
    await waitFor(
      () => mock.texting.lastPresence(PHONE)?.capabilities.includes('sms'),
      'the phone’s presence',
    );
    const proxy = await waitFor(() => page.services?.sms, 'the proxy');
    await waitFor(() => page.services?.inbox.messages$.value.length, 'the inbox');
    return { mock, page, proxy };
  }

  const texts = (page: PhoneApp) => page.shadowRoot!.querySelector('phone-texts')!.shadowRoot!;
  /** What waits for the holder's answer, at the page's top. */
  const requests = (page: PhoneApp) => page.shadowRoot!.querySelector('sms-requests')!.shadowRoot!;
  const click = (root: ParentNode, selector: string, label: string) => {
    const button = [...root.querySelectorAll<HTMLButtonElement>(`${selector} button`)].find(
      (b) => b.textContent?.trim() === label,
    );
    if (!button) throw new Error(`no "${label}" button in ${selector}`);
    button.click();
  };
  /** The TV asks to text through the phone: the request waits for the phone, which is told (as the server does). */
  const tvAsks = (mock: Mock) => {
    const request = { profileId: TV_PROFILE, name: 'Living-room TV', capability: 'sms' as const };
    mock.texting.waiting.set(PHONE, [{ ...request, at: new Date().toISOString() }]);
    mock.gateway.publish(PHONE, 'capability.requested', `capability.requested:${++ids}`, request);
  };
  let ids = 0;
  /** The relay asks the phone to send a text from the TV; returns the text's id. */
  const send = (mock: Mock, over: Partial<EventData<'sms.send-request'>> = {}) => {
    const textId = `txt-${++ids}`;
    mock.gateway.publish(PHONE, 'sms.send-request', `sms.send-request:${textId}`, {
      textId,
      fromProfileId: TV_PROFILE,
      fromName: 'Living-room TV',
      recipient: JANE,
      payload: 'Watching TV — I’ll call you back',
      sendAsSms: true,
      ...over,
    });
    return textId;
  };
  /** What the phone last told the backend of the text. */
  const statusOf = (mock: Mock, id: string) => mock.texting.lastReport(id);
  /** The phone's master list, as it last told the backend. */
  const grants = (mock: Mock) => mock.texting.lastPresence(PHONE)?.authorized ?? [];

  async function authorizeTv(page: PhoneApp, label = 'Allow sending and copies') {
    await waitFor(() => requests(page).querySelector('[data-request]'), 'the prompt');
    click(requests(page), '[data-request]', label);
    await waitFor(() => !requests(page).querySelector('[data-request]'), 'the prompt answered');
  }

  it('asks when the TV wants to text through it: part of it, then revoked from the list', async () => {
    const { mock, page } = await start();
    expect(grants(mock)).to.deep.equal([]);
    tvAsks(mock);
    const prompt = await waitFor(() => requests(page).querySelector('[data-request]'), 'the prompt');
    expect(prompt.textContent).to.contain('Living-room TV asks to text through this phone');
    await authorizeTv(page, 'Sending only');
    expect(grants(mock)).to.deep.equal([{ profileId: TV_PROFILE, scopes: ['send'] }]);
    const row = await waitFor(() => texts(page).querySelector('[data-granted]'), 'the master list');
    expect(row.textContent).to.contain('Living-room TV').and.contain('may send texts through this phone');

    click(texts(page), '[data-granted]', 'Revoke');
    await waitFor(() => !texts(page).querySelector('[data-granted]'), 'the list emptied');
    expect(grants(mock)).to.deep.equal([]);
    // Kept across a reload of the page: the list is the phone's.
    expect(localStorage.getItem(proxyStateKey(PHONE))).to.contain('"authorized":[]');
  });

  it('"Don\'t allow": the request is gone and nothing is granted', async () => {
    const { mock, page } = await start();
    tvAsks(mock);
    await authorizeTv(page, "Don't allow");
    expect(mock.texting.declined).to.deep.equal([{ deviceId: PHONE, body: TV_PROFILE }]);
    expect(grants(mock)).to.deep.equal([]);
  });

  it('sends a reply to someone who called, reports sent then delivered, and lists it', async () => {
    const { mock, page } = await start();
    tvAsks(mock);
    await authorizeTv(page);
    const id = send(mock);
    await waitFor(() => statusOf(mock, id)?.status === 'delivered', 'delivered');
    expect(mock.smsNetwork.sent).to.have.length(1);
    expect(mock.smsNetwork.sent[0]).to.include({ from: '5055551212', to: JANE });
    const row = await waitFor(
      () => texts(page).querySelector(`[data-text-id="${id}"][data-status="delivered"]`),
      'the text on the phone',
    );
    expect(row.textContent).to.contain('To 505-555-1313 · for Living-room TV').and.contain('Delivered');
  });

  it('refuses a device that is not on its list: unauthorized, and nothing reaches the network', async () => {
    const { mock } = await start();
    // The backend believes the TV may send (another copy of the phone app said so); this phone's list says no.
    const id = send(mock);
    await waitFor(() => statusOf(mock, id)?.status === 'unauthorized', 'unauthorized');
    expect(statusOf(mock, id)!.reason).to.equal(
      "Living-room TV is not on this phone's list of devices that may text",
    );
    expect(mock.smsNetwork.sent).to.have.length(0);
  });

  it('asks the holder before texting a number nobody has heard from; a no is unauthorized', async () => {
    const { mock, page } = await start();
    tvAsks(mock);
    await authorizeTv(page);
    const markup = '<b>hi</b><img src=x onerror="window.__pwned=1">';
    const first = send(mock, { recipient: '5055559999', payload: markup });
    const prompt = await waitFor(
      () => requests(page).querySelector(`[data-confirm="${first}"]`),
      'the confirmation',
    );
    expect(prompt.textContent.replace(/\s+/g, ' '))
      .to.contain('wants to text 505-555-9999, who has not written or called')
      .and.contain(markup);
    expect(prompt.querySelector('img, b')).to.equal(null);
    expect(mock.smsNetwork.sent).to.have.length(0);
    click(requests(page), `[data-confirm="${first}"]`, 'Send it');
    await waitFor(() => statusOf(mock, first)?.status === 'delivered', 'sent after the yes');

    // That number is known now; another one is refused by the holder.
    const again = send(mock, { recipient: '5055559999', payload: 'again' });
    await waitFor(() => statusOf(mock, again)?.status === 'delivered', 'sent without asking');
    const refused = send(mock, { recipient: '5055558888' });
    await waitFor(
      () => requests(page).querySelector(`[data-confirm="${refused}"]`),
      'the second confirmation',
    );
    click(requests(page), `[data-confirm="${refused}"]`, "Don't send");
    await waitFor(() => statusOf(mock, refused)?.status === 'unauthorized', 'refused');
    expect(statusOf(mock, refused)!.reason).to.equal(
      "the phone's holder did not allow texts to 505-555-8888",
    );
    expect(mock.smsNetwork.sent.map((m) => m.to)).to.deep.equal(['5055559999', '5055559999']);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('holds to 10 texts an hour: the eleventh fails with the reason', async () => {
    const { mock, page } = await start();
    tvAsks(mock);
    await authorizeTv(page);
    const sent = Array.from({ length: 11 }, (_, i) => send(mock, { payload: `text ${i}` }));
    await waitFor(
      () => sent.every((id) => ['delivered', 'failed'].includes(statusOf(mock, id)?.status ?? '')),
      'all answered',
      15_000, // eleven sends and ten delivery reports through the mock network: slow in WPE under load
    );
    expect(sent.map((id) => statusOf(mock, id)!.status).filter((s) => s === 'delivered')).to.have.length(10);
    expect(statusOf(mock, sent[10]!)!.reason).to.equal("this phone's limit of 10 texts an hour was reached");
    expect(mock.smsNetwork.sent).to.have.length(10);
  });

  it('holds to 50 texts a day on its own clock: spread over the day, the 51st fails; a day after the first, one goes again', async function () {
    this.timeout(60_000); // 52 texts, one at a time, each through the mock network
    const MINUTE = 60_000;
    let clock = Date.now();
    const { mock, page } = await start({ now: () => clock });
    tvAsks(mock);
    await authorizeTv(page);
    /** One text at the phone's time now; resolves once the phone has reported what became of it. */
    const sendOne = async (i: number) => {
      const id = send(mock, { payload: `text ${i}` });
      await waitFor(() => statusOf(mock, id), `text ${i} answered`);
      return id;
    };
    const first = clock;
    // Every 25 minutes: never more than 3 in an hour, 50 in 20 h 25 min.
    for (let i = 0; i < 50; i++) {
      if (i > 0) clock += 25 * MINUTE;
      const id = await sendOne(i);
      expect(statusOf(mock, id)!.status, `text ${i}`).to.be.oneOf(['sent', 'delivered']);
    }
    clock += 25 * MINUTE;
    const fiftyFirst = await sendOne(50);
    expect(statusOf(mock, fiftyFirst)).to.deep.include({
      status: 'failed',
      reason: "this phone's limit of 50 texts a day was reached",
    });
    expect(mock.smsNetwork.sent).to.have.length(50);
    // A day after the first text, it no longer counts: one more may go, and then the day is full again.
    clock = first + 24 * 60 * MINUTE + MINUTE;
    expect(statusOf(mock, await sendOne(51))!.status).to.be.oneOf(['sent', 'delivered']);
    const again = await sendOne(52);
    expect(statusOf(mock, again)!.reason).to.equal("this phone's limit of 50 texts a day was reached");
    expect(mock.smsNetwork.sent).to.have.length(51);
  });

  it('a network failure comes back as failed with the network’s reason', async () => {
    const { mock, page } = await start();
    tvAsks(mock);
    await authorizeTv(page);
    mock.smsNetwork.fail(JANE, 'the number is not reachable');
    const id = send(mock);
    await waitFor(() => statusOf(mock, id)?.status === 'failed', 'failed');
    expect(statusOf(mock, id)!.reason).to.equal('the number is not reachable');
  });

  it('a text that arrives is told to the backend (which gives the copies), and shows on the phone as typed', async () => {
    const { mock, page } = await start();
    tvAsks(mock);
    await authorizeTv(page);
    const words = 'Got it <script>window.__pwned=1</script>';
    mock.smsNetwork.inbound('5055554242', '5055551212', words);
    const row = await waitFor(
      () => texts(page).querySelector('[data-status="received"]'),
      'the text on the phone',
    );
    expect(row.textContent).to.contain(words).and.contain('From 505-555-4242');
    // Who gets a copy is the relay's to decide (server/texts/text-relay.test.ts): the phone tells it what came.
    const report = await waitFor(() => mock.texting.incoming.at(-1), 'the text told to the backend');
    expect(report.deviceId).to.equal(PHONE);
    expect(report.body).to.include({ from: '5055554242', text: words });
    // Whoever wrote may now be answered without asking.
    const id = send(mock, { recipient: '5055554242' });
    await waitFor(() => statusOf(mock, id)?.status === 'delivered', 'the reply sent');
  });
});
