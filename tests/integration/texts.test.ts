import { expect } from 'chai';
import type { TvApp } from '../../app/tv-app.ts';
import { messageFixture, MOCK_CREDENTIALS, profileFixture, voicemailFixture } from '../../mocks/fixtures.ts';
import type { DeviceProfile, EventData } from '../../protocol/index.ts';
import { pushBarrier, pushTextStatus, startMockPush } from '../helpers/mock-push.ts';
import { drawnFocus, visibleTexts } from '../helpers/scene.ts';
import { freshDbName, waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;
/** Mary's and Simon's phones as the TV reads them once they let it send and see copies. */
const MARY = profileFixture('phone-mary', { grantedToYou: ['send', 'receive'] });
const SIMON = profileFixture('phone-simon', { grantedToYou: ['send', 'receive'] });

/**
 * The TV's side of texting through a phone, against the msw mock: what the TV shows given what the server answers
 * and pushes, and what it asks the server. Each test says what the server would say — which phones the TV may text
 * through, each status of a text, a text that arrived — and the TV's requests are checked as the mock recorded
 * them. Who may send, who gets copies and which status may follow which are the relay's rules, tested against the
 * real backend: server/identity/identity-service.test.ts, server/texts/text-relay.test.ts, tests/e2e/texts.test.ts.
 */
describe('TV app: texts through the phone', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  type Mock = Awaited<ReturnType<typeof startMockPush>>;

  async function start(options: { mock?: Mock; dbName?: string } = {}) {
    const mock = options.mock ?? (await startMockPush('empty'));
    if (!options.mock) {
      cleanups.push(mock.stop);
      mock.voicemail.add(messageFixture('m1'));
    }
    const tv = await startTestTv({ dbName: options.dbName ?? freshDbName() });
    cleanups.push(tv.stop);
    await waitFor(() => tv.app.push?.state === 'online', 'online');
    await waitFor(() => tv.app.inbox?.sync$.value === 'synced', 'the first sync');
    await waitFor(() => tv.app.texting?.access$.value.state !== 'unknown', 'the profiles read');
    return { mock, ...tv };
  }

  const texts = (app: TvApp) => visibleTexts(app.root);
  const shows = (app: TvApp, match: (t: string) => boolean, what: string, timeoutMs?: number) =>
    waitFor(() => texts(app).find(match), what, timeoutMs);
  let changes = 0;
  /** The phones let the TV text through them: the profiles say so, and the TV is told to read them again. */
  const allow = (mock: Mock, ...phones: DeviceProfile[]) => {
    mock.texting.profiles.set(STB, phones.length > 0 ? phones : [MARY]);
    mock.gateway.publish(STB, 'profiles.changed', `profiles.changed:${++changes}`, {});
  };
  /** The last text the TV sent, as the mock received and answered it. */
  const myText = (mock: Mock) => mock.texting.sent.at(-1)!;
  /** A text that arrived on Mary's phone, as the relay would push it to the TV. */
  const incoming = (smsId: string, text: string): EventData<'text.incoming'> => ({
    smsId,
    line: '5055551212',
    lineOwner: 'Mary',
    from: '5055551313',
    text,
    receivedAt: new Date().toISOString(),
  });

  /** From the first canned reply down to the action row: two more replies, four keyboard rows. */
  const toActions = (press: (...keys: string[]) => void) => press(...Array<string>(7).fill('Down'));

  it('replies to a caller from the voicemail alert: asks the phone, sends, and shows each status to delivered', async () => {
    const { mock, app, adapter } = await start();
    const press = (...keys: string[]) => keys.forEach((k) => adapter.press(k as never));
    mock.gateway.publish(STB, 'voicemail.new', 'vm:1', voicemailFixture('m1'));
    await shows(app, (t) => t === 'Voice mail from Jane 505-555-1313', 'the alert');
    press('Right', 'Right', 'Right', 'Right', 'Enter'); // Listen → Later → Delete → Dismiss → Reply
    await shows(app, (t) => t === 'Text to Jane 505-555-1313', 'the compose screen');
    await shows(app, (t) => t.startsWith('No phone lets this TV send texts yet'), 'no phone yet');
    expect(app.alerts.current$.value).to.equal(null);

    press('Enter'); // the first canned reply
    await shows(app, (t) => t === 'Watching TV — I’ll call you back▏', 'the draft');
    toActions(press);
    press('Enter'); // Ask the phones
    await shows(app, (t) => t.startsWith('Asked the phone — answer the request on the phone'), 'asked');
    expect(mock.texting.asked).to.deep.equal([STB]);

    allow(mock);
    await shows(app, (t) => t === "Sends through Mary's phone" || t.startsWith('Asked'), 'allowed');
    await waitFor(() => texts(app).includes('Send'), 'the Send button');
    press('Enter'); // Send (the focus stays on the action row)
    await waitFor(() => mock.texting.sent.length === 1, 'the text at the relay');
    expect(myText(mock).body).to.include({
      recipient: '5055551313',
      payload: 'Watching TV — I’ll call you back',
      proxyProfileId: MARY.profileId,
      sendAsSms: true,
    });
    await shows(
      app,
      (t) => t === "Queued — waiting for Mary's phone (kept 1 hour if it is offline)",
      'queued',
    );

    pushTextStatus(mock.gateway, myText(mock), 'sent-to-phone');
    await shows(app, (t) => t === "Sent to Mary's phone", 'sent to phone');
    pushTextStatus(mock.gateway, myText(mock), 'sent');
    await shows(app, (t) => t === 'Sent as SMS', 'sent as SMS');
    pushTextStatus(mock.gateway, myText(mock), 'delivered');
    await shows(app, (t) => t === 'Delivered', 'delivered');
    await shows(
      app,
      (t) => t === 'Text to Jane 505-555-1313 delivered',
      'the compose closed with a word',
      6000,
    );
    expect(texts(app)).not.to.include('Text to Jane 505-555-1313');
  });

  it('a failure keeps the draft, and Send tries again as a new text', async () => {
    const { mock, app, adapter } = await start();
    allow(mock);
    await waitFor(() => app.texting!.access$.value.state === 'allowed', 'allowed');
    const press = (...keys: string[]) => keys.forEach((k) => adapter.press(k as never));
    adapter.press('Info');
    await shows(app, (t) => t === 'Voicemail', 'the inbox');
    // The heading is drawn before the list arrives; Green needs a selected row.
    await shows(app, (t) => t === 'Jane 505-555-1313', 'Jane’s message in the inbox');
    press('Green'); // text back to the selected message's caller
    await shows(app, (t) => t === 'Text to Jane 505-555-1313', 'the compose screen');
    press('Down', 'Enter'); // the second canned reply
    toActions(press);
    press('Enter'); // Send
    await waitFor(() => mock.texting.sent.length === 1, 'sent');
    pushTextStatus(mock.gateway, myText(mock), 'failed', 'the number is not reachable');
    await shows(
      app,
      (t) => t === 'Failed: the number is not reachable — the draft is kept: Send tries again',
      'the failure',
    );
    expect(texts(app)).to.include('Can’t talk now. Call you later?▏');
    press('Enter');
    await waitFor(() => mock.texting.sent.length === 2, 'sent again');
    const [first, again] = mock.texting.sent.map((t) => t.body);
    expect(again!.payload).to.equal('Can’t talk now. Call you later?');
    expect(again!.clientId).not.to.equal(first!.clientId);
  });

  it('after "Copies only" the compose screen says what the phone allows, and Ask again asks for sending', async () => {
    const { mock, app, adapter } = await start();
    const press = (...keys: string[]) => keys.forEach((k) => adapter.press(k as never));
    allow(mock, profileFixture('phone-mary', { grantedToYou: ['receive'] }));
    await waitFor(() => app.texting!.access$.value.state === 'copies-only', 'copies only');
    adapter.press('Info');
    await shows(app, (t) => t === 'Voicemail', 'the inbox');
    // The heading is drawn before the list arrives; Green needs a selected row.
    await shows(app, (t) => t === 'Jane 505-555-1313', 'Jane’s message in the inbox');
    press('Green');
    await shows(
      app,
      (t) => t === "Mary's phone shares copies only — Ask again to ask for sending",
      'which phone allows what',
    );
    press('Enter');
    toActions(press);
    await waitFor(() => drawnFocus(app.root).includes('Ask again'), 'the focus on Ask again');
    press('Enter');
    await shows(app, (t) => t.startsWith('Asked the phone — answer the request on the phone'), 'asked');
    expect(mock.texting.asked).to.deep.equal([STB]);
  });

  it('Send is spent once the text goes: a second OK does not send it twice; a failure gives it back', async () => {
    const { mock, app, adapter } = await start();
    const press = (...keys: string[]) => keys.forEach((k) => adapter.press(k as never));
    allow(mock);
    await waitFor(() => app.texting!.access$.value.state === 'allowed', 'allowed');
    adapter.press('Info');
    await shows(app, (t) => t === 'Voicemail', 'the inbox');
    // The heading is drawn before the list arrives; Green needs a selected row.
    await shows(app, (t) => t === 'Jane 505-555-1313', 'Jane’s message in the inbox');
    press('Green');
    await shows(app, (t) => t === 'Text to Jane 505-555-1313', 'the compose screen, by name');
    await shows(app, (t) => t === '0 / 160 · 1 SMS', 'the count of an empty text');
    press('Down', 'Down', 'Enter'); // "Got it, thanks!"
    await shows(app, (t) => t === '15 / 160 · 1 SMS', 'the count in GSM-7');
    press('Up', 'Up', 'Enter'); // "Watching TV — I’ll call you back": the dash makes it UCS-2
    await shows(app, (t) => t === '32 / 70 (special characters) · 1 SMS', 'the count in UCS-2');
    toActions(press);
    expect(drawnFocus(app.root)).to.deep.equal(['Send']);
    press('Enter', 'Enter');
    await waitFor(() => mock.texting.sent.length === 1, 'sent');
    // The second OK landed on Close: the screen closed, nothing sent twice.
    await waitFor(() => !texts(app).includes('Text to Jane 505-555-1313'), 'the compose screen closed');
    expect(mock.texting.sent).to.have.length(1);

    press('Green');
    await shows(app, (t) => t === 'Text to Jane 505-555-1313', 'the compose screen again');
    press('Enter');
    toActions(press);
    press('Enter');
    await waitFor(() => mock.texting.sent.length === 2, 'the second text sent');
    await waitFor(() => drawnFocus(app.root).includes('Close'), 'the focus moved to Close');
    await shows(app, (t) => t.startsWith('Queued — waiting for'), 'queued');
    expect(texts(app)).to.include('Sent');
    press('Left', 'Left', 'Enter'); // past Clear, back on the spent Send
    await shows(app, (t) => t === 'Sent — change the text to send another, or Close', 'Send refused');
    expect(mock.texting.sent).to.have.length(2);
    pushTextStatus(mock.gateway, myText(mock), 'failed', 'the number is not reachable');
    await waitFor(() => texts(app).includes('Send'), 'Send given back');
    press('Enter');
    await waitFor(() => mock.texting.sent.length === 3, 'sent again after the failure');
  });

  it('a number typed with the remote, words from the keyboard; with two phones it asks which sends', async () => {
    const { mock, app, adapter } = await start();
    allow(mock, MARY, SIMON);
    await waitFor(() => {
      const a = app.texting!.access$.value;
      return a.state === 'allowed' && a.proxies.length === 2;
    }, 'two phones');
    const press = (...keys: string[]) => keys.forEach((k) => adapter.press(k as never));
    app.root.$inboxAction('texts');
    await shows(app, (t) => t === 'Texts', 'the texts');
    press('Green');
    await shows(app, (t) => t === 'New text', 'a new text');
    press(...'5055550000'.split('').map((d) => `Digit${d}`));
    await shows(app, (t) => t === 'To: 505-555-0000', 'the number');
    press('Left'); // erases a digit
    press('Digit7');
    await shows(app, (t) => t === 'To: 505-555-0007', 'the number corrected');
    // Down past the replies to the keyboard: "hi".
    press('Down', 'Down', 'Down', 'Down'); // To → reply ×3 → first letter row ("a")
    press(...Array<string>(7).fill('Right'), 'Enter'); // h
    press('Right', 'Enter'); // i
    await shows(app, (t) => t === 'hi▏', 'typed');
    press('Down', 'Down', 'Down', 'Down'); // to the action row
    await waitFor(() => texts(app).includes("Send via Simon's phone"), 'the choice');
    press('Left', 'Left', 'Left', 'Right', 'Enter'); // the second: via Simon's phone
    await waitFor(() => mock.texting.sent.length === 1, 'sent');
    expect(myText(mock).body).to.include({
      recipient: '5055550007',
      payload: 'hi',
      proxyProfileId: SIMON.profileId,
    });
  });

  it('an unsent text survives a restart and goes when the connection is back', async () => {
    const dbName = freshDbName();
    const first = await start({ dbName });
    const { mock } = first;
    allow(mock);
    await waitFor(() => first.app.texting!.access$.value.state === 'allowed', 'allowed');
    mock.texting.offline = true;
    const access = first.app.texting!.access$.value;
    if (access.state !== 'allowed') throw new Error('not allowed');
    const text = await first.app.texting!.send({
      recipient: '5055551313',
      text: 'Later!',
      proxy: access.proxies[0]!,
    });
    expect(text.status).to.equal('unsent');
    first.stop();
    mock.texting.offline = false;
    const again = await start({ mock, dbName });
    await waitFor(() => mock.texting.sent.length === 1, 'sent after the restart');
    expect(myText(mock).body).to.include({ clientId: text.key, payload: 'Later!' });
    await waitFor(
      () => again.app.texting!.texts$.value.find((t) => t.key === text.key)?.status === 'queued',
      'queued on the TV',
    );
  });

  it('an incoming text shows as "Text from Jane: …" with markup as typed; View opens the thread; Reply answers', async () => {
    const { mock, app, adapter } = await start();
    allow(mock);
    await waitFor(() => app.texting!.access$.value.state === 'allowed', 'allowed');
    const words = '<b>On my way</b> <img src=x onerror="window.__pwned=1">';
    mock.gateway.publish(STB, 'text.incoming', 'text.incoming:sms-1', incoming('sms-1', words));
    await shows(app, (t) => t === `Text from Jane: ${words}`, 'the alert');
    adapter.press('Yellow'); // View
    await shows(app, (t) => t === 'Jane 505-555-1313', 'the thread');
    expect(texts(app)).to.include(`Jane: ${words}`);
    adapter.press('Green');
    await shows(app, (t) => t === 'Text to Jane 505-555-1313', 'the reply');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(document.querySelector('img[src="x"]')).to.equal(null);
    // Replayed (acknowledged, then delivered again under a new sequence number): it never alerts twice.
    await waitFor(() => mock.gateway.pending(STB).length === 0, 'the first delivery acknowledged');
    const alerted: string[] = [];
    const watching = app.texting!.incoming$.subscribe((text) => alerted.push(text.key));
    mock.gateway.publish(STB, 'text.incoming', 'text.incoming:sms-1', incoming('sms-1', words));
    // A later frame on the same channel, acknowledged: the replay before it has been handled.
    await pushBarrier(mock.gateway, STB);
    watching.unsubscribe();
    expect(app.texting!.texts$.value.filter((t) => t.direction === 'in')).to.have.length(1);
    expect(alerted, 'no second alert').to.deep.equal([]);
  });

  it('a copy of a text another device sent shows in the conversation, with who sent it and how it went', async () => {
    const { mock, app, adapter } = await start();
    const copy = {
      textId: 'txt-bedroom-1',
      clientId: 'bedroom-client-1',
      fromName: 'Bedroom TV',
      recipient: '5055551313',
      payload: 'Dinner is ready',
      reason: null,
    };
    mock.gateway.publish(STB, 'text.updated', 'copy:1', { ...copy, status: 'sent' });
    mock.gateway.publish(STB, 'text.updated', 'copy:2', { ...copy, status: 'delivered' });
    // A late, older status never moves it back.
    mock.gateway.publish(STB, 'text.updated', 'copy:3', { ...copy, status: 'sent-to-phone' });
    await waitFor(() => app.texting!.texts$.value.some((t) => t.status === 'delivered'), 'the copy');
    app.root.$inboxAction('texts');
    await shows(app, (t) => t === 'Jane 505-555-1313', 'the conversation');
    adapter.press('Enter');
    await shows(app, (t) => t === 'Bedroom TV: Dinner is ready', 'the copy in it');
    expect(texts(app).some((t) => t.endsWith('· Delivered'))).to.equal(true);
    expect(app.texting!.texts$.value).to.have.length(1);
  });

  it('refused as unauthorized: the reason shows and the draft is kept', async () => {
    const { mock, app, adapter } = await start();
    allow(mock);
    await waitFor(() => app.texting!.access$.value.state === 'allowed', 'allowed');
    // Revoked on the phone, but the TV has not heard yet: the relay refuses its request (when, and in which
    // words, is the relay's to decide: server/texts/text-relay.test.ts).
    const access = app.texting!.access$.value;
    mock.texting.sendAnswers.push({
      status: 'unauthorized',
      reason: "Mary's phone has not authorized Living-room TV to send texts",
    });
    if (access.state !== 'allowed') throw new Error('not allowed');
    const text = await app.texting!.send({
      recipient: '5055551313',
      text: 'Hello',
      proxy: access.proxies[0]!,
    });
    expect(text.status).to.equal('unauthorized');
    expect(text.reason).to.equal("Mary's phone has not authorized Living-room TV to send texts");
    app.root.$inboxAction('texts');
    adapter.press('Enter');
    await shows(app, (t) => t === 'You: Hello', 'the thread');
    const reason = "Not allowed: Mary's phone has not authorized Living-room TV to send texts";
    expect(texts(app).some((t) => t.endsWith(reason))).to.equal(true);
    expect(texts(app)).to.include('OK send again · Green reply · Back');
  });
});
