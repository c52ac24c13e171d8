import { expect } from 'chai';
import { messageFixture, MOCK_TOKENS } from '../../mocks/fixtures.ts';
import { startMockPush } from '../../tests/helpers/mock-push.ts';
import { openPhonePage } from './test-phone-page.ts';
import { waitFor } from '../../tests/helpers/wait.ts';
import type { PhoneApp } from './phone-app.ts';
import { proxyStateKey } from './sms-proxy-state.ts';

const PHONE = 'phone-mary';
const TV = MOCK_TOKENS['stb-living-room']!;
const JANE = '5055551313';

describe('phone page: the SMS proxy', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** The phone page on a fresh mock backend, with Jane's voicemail in its inbox (so Jane has called). */
  async function start() {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    mock.voicemail.add(messageFixture('m-jane'));
    const tv = mock.texting.presence(TV, { capabilities: ['display', 'audio'] });
    if ('status' in tv) throw new Error('TV presence failed');
    const { page, remove } = await openPhonePage(mock.gateway, PHONE);
    cleanups.push(remove);
    // The phone said it can send SMS.
    await waitFor(() => mock.texting.hasProfile(PHONE), 'the phone’s presence');
    const proxy = await waitFor(() => page.services?.sms, 'the proxy');
    await waitFor(() => page.services?.inbox.messages$.value.length, 'the inbox');
    return { mock, page, proxy, tvProfile: tv.profileId };
  }

  const texts = (page: PhoneApp) => page.shadowRoot!.querySelector('phone-texts')!.shadowRoot!;
  const click = (root: ParentNode, selector: string, label: string) => {
    const button = [...root.querySelectorAll<HTMLButtonElement>(`${selector} button`)].find(
      (b) => b.textContent?.trim() === label,
    );
    if (!button) throw new Error(`no "${label}" button in ${selector}`);
    button.click();
  };
  const send = (mock: Awaited<ReturnType<typeof start>>['mock'], proxy: string, over = {}) => {
    const result = mock.texting.send(TV, {
      clientId: `c-${Math.random().toString(36).slice(2, 10)}`,
      proxyProfileId: proxy,
      recipient: JANE,
      payload: 'Watching TV — I’ll call you back',
      sendAsSms: true,
      ...over,
    });
    if ('body' in result) throw new Error(result.body.error.message);
    return result.text.textId;
  };
  const statusOf = (mock: Awaited<ReturnType<typeof start>>['mock'], id: string) =>
    mock.texting.texts.find((t) => t.textId === id);

  async function authorizeTv(page: PhoneApp, label = 'Allow sending and copies') {
    await waitFor(() => texts(page).querySelector('[data-request]'), 'the prompt');
    click(texts(page), '[data-request]', label);
    await waitFor(() => !texts(page).querySelector('[data-request]'), 'the prompt answered');
  }

  function phoneProfile(mock: Awaited<ReturnType<typeof start>>['mock']) {
    const list = mock.texting.profilesFor(TV);
    if (!Array.isArray(list)) throw new Error('profiles failed');
    return list.find((p) => p.capabilities.includes('sms'));
  }

  it('asks when the TV wants to text through it: part of it, then revoked from the list', async () => {
    const { mock, page } = await start();
    expect(phoneProfile(mock)).to.equal(undefined);
    expect(mock.texting.requestSms(TV)).to.equal(1);
    const prompt = await waitFor(() => texts(page).querySelector('[data-request]'), 'the prompt');
    expect(prompt.textContent).to.contain('Living-room TV asks to text through this phone');
    await authorizeTv(page, 'Sending only');
    expect(phoneProfile(mock)?.grantedToYou).to.deep.equal(['send']);
    const row = await waitFor(() => texts(page).querySelector('[data-granted]'), 'the master list');
    expect(row.textContent).to.contain('Living-room TV').and.contain('may send texts through this phone');

    click(texts(page), '[data-granted]', 'Revoke');
    await waitFor(() => !texts(page).querySelector('[data-granted]'), 'the list emptied');
    expect(phoneProfile(mock)).to.equal(undefined);
    // Kept across a reload of the page: the list is the phone's.
    expect(localStorage.getItem(proxyStateKey(PHONE))).to.contain('"authorized":[]');
  });

  it('"Don\'t allow": the request is gone and nothing is granted', async () => {
    const { mock, page } = await start();
    mock.texting.requestSms(TV);
    await authorizeTv(page, "Don't allow");
    expect(phoneProfile(mock)).to.equal(undefined);
    expect(mock.texting.pendingFor(`mock-token-${PHONE}-0001`)).to.deep.equal([]);
  });

  it('sends a reply to someone who called, reports sent then delivered, and lists it', async () => {
    const { mock, page } = await start();
    mock.texting.requestSms(TV);
    await authorizeTv(page);
    const proxy = phoneProfile(mock)!.profileId;
    const id = send(mock, proxy);
    await waitFor(() => statusOf(mock, id)?.status === 'delivered', 'delivered');
    expect(mock.texting.network).to.have.length(1);
    expect(mock.texting.network[0]).to.include({ from: '5055551212', to: JANE });
    const row = await waitFor(
      () => texts(page).querySelector(`[data-text-id="${id}"][data-status="delivered"]`),
      'the text on the phone',
    );
    expect(row.textContent).to.contain('To 505-555-1313 · for Living-room TV').and.contain('Delivered');
  });

  it('refuses a device that is not on its list: unauthorized, and nothing reaches the network', async () => {
    const { mock, tvProfile } = await start();
    // The backend believes the TV may send (another copy of the phone app said so); this phone's list says no.
    mock.texting.presence(MOCK_TOKENS[PHONE]!, {
      capabilities: ['sms', 'voice', 'display', 'audio'],
      authorized: [{ profileId: tvProfile, scopes: ['send'] }],
    });
    const proxy = phoneProfile(mock)!.profileId;
    const id = send(mock, proxy);
    await waitFor(() => statusOf(mock, id)?.status === 'unauthorized', 'unauthorized');
    expect(statusOf(mock, id)!.reason).to.equal(
      "Living-room TV is not on this phone's list of devices that may text",
    );
    expect(mock.texting.network).to.have.length(0);
  });

  it('asks the holder before texting a number nobody has heard from; a no is unauthorized', async () => {
    const { mock, page } = await start();
    mock.texting.requestSms(TV);
    await authorizeTv(page);
    const proxy = phoneProfile(mock)!.profileId;
    const markup = '<b>hi</b><img src=x onerror="window.__pwned=1">';
    const first = send(mock, proxy, { recipient: '5055559999', payload: markup });
    const prompt = await waitFor(
      () => texts(page).querySelector(`[data-confirm="${first}"]`),
      'the confirmation',
    );
    expect(prompt.textContent.replace(/\s+/g, ' '))
      .to.contain('wants to text 505-555-9999, who has not written or called')
      .and.contain(markup);
    expect(prompt.querySelector('img, b')).to.equal(null);
    expect(mock.texting.network).to.have.length(0);
    click(texts(page), `[data-confirm="${first}"]`, 'Send it');
    await waitFor(() => statusOf(mock, first)?.status === 'delivered', 'sent after the yes');

    // That number is known now; another one is refused by the holder.
    const again = send(mock, proxy, { recipient: '5055559999', payload: 'again' });
    await waitFor(() => statusOf(mock, again)?.status === 'delivered', 'sent without asking');
    const refused = send(mock, proxy, { recipient: '5055558888' });
    await waitFor(() => texts(page).querySelector(`[data-confirm="${refused}"]`), 'the second confirmation');
    click(texts(page), `[data-confirm="${refused}"]`, "Don't send");
    await waitFor(() => statusOf(mock, refused)?.status === 'unauthorized', 'refused');
    expect(statusOf(mock, refused)!.reason).to.equal(
      "the phone's holder did not allow texts to 505-555-8888",
    );
    expect(mock.texting.network.map((m) => m.to)).to.deep.equal(['5055559999', '5055559999']);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('holds to 10 texts an hour: the eleventh fails with the reason', async () => {
    const { mock, page } = await start();
    mock.texting.requestSms(TV);
    await authorizeTv(page);
    const proxy = phoneProfile(mock)!.profileId;
    const ids = Array.from({ length: 11 }, (_, i) => send(mock, proxy, { payload: `text ${i}` }));
    await waitFor(
      () => ids.every((id) => ['delivered', 'failed'].includes(statusOf(mock, id)!.status)),
      'all answered',
      15_000, // eleven sends and ten delivery reports through the mock network: slow in WPE under load
    );
    expect(ids.map((id) => statusOf(mock, id)!.status).filter((s) => s === 'delivered')).to.have.length(10);
    expect(statusOf(mock, ids[10]!)!.reason).to.equal("this phone's limit of 10 texts an hour was reached");
    expect(mock.texting.network).to.have.length(10);
  });

  it('a network failure comes back as failed with the network’s reason', async () => {
    const { mock, page } = await start();
    mock.texting.requestSms(TV);
    await authorizeTv(page);
    mock.texting.fail(JANE, 'the number is not reachable');
    const id = send(mock, phoneProfile(mock)!.profileId);
    await waitFor(() => statusOf(mock, id)?.status === 'failed', 'failed');
    expect(statusOf(mock, id)!.reason).to.equal('the number is not reachable');
  });

  it('a text that arrives goes to the devices allowed copies, and shows on the phone as typed', async () => {
    const { mock, page } = await start();
    mock.texting.requestSms(TV);
    await authorizeTv(page);
    const words = 'Got it <script>window.__pwned=1</script>';
    mock.texting.inbound('5055554242', '5055551212', words);
    const row = await waitFor(
      () => texts(page).querySelector('[data-status="received"]'),
      'the text on the phone',
    );
    expect(row.textContent).to.contain(words).and.contain('From 505-555-4242');
    const event = await waitFor(
      () => mock.gateway.pending('stb-living-room').find((e) => e.name === 'text.incoming'),
      'the copy for the TV',
    );
    expect(event.data).to.include({ from: '5055554242', text: words, line: '5055551212' });
    expect(mock.gateway.pending('stb-bedroom').some((e) => e.name === 'text.incoming')).to.equal(false);
    // Whoever wrote may now be answered without asking.
    const id = send(mock, phoneProfile(mock)!.profileId, { recipient: '5055554242' });
    await waitFor(() => statusOf(mock, id)?.status === 'delivered', 'the reply sent');
  });
});
