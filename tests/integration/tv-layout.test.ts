import { expect } from 'chai';
import type { TvApp } from '../../app/tv-app.ts';
import type Lightning from '../../app/ui/lightning.ts';
import { messageFixture, MOCK_CREDENTIALS, profileFixture, voicemailFixture } from '../../mocks/fixtures.ts';
import type { KeyName, PlatformCapabilities } from '../../platform-adapters/contract/index.ts';
import { layoutProblems } from '../helpers/layout.ts';
import { pushTextStatus, startMockPush } from '../helpers/mock-push.ts';
import { startRemoteTv } from '../helpers/remote-tv.ts';
import { waitFor } from '../helpers/wait.ts';
import { startTestTv } from '../helpers/tv.ts';

const STB = MOCK_CREDENTIALS.deviceId;
const PIN: KeyName[] = ['Digit8', 'Digit2', 'Digit6', 'Digit4'];
const JANE = 'Voice mail from Jane 505-555-1313';
/** Long enough to wrap wherever a line may wrap, and to be cut where it may not. */
const TRANSCRIPT =
  'Hi Mary, it is Jane from the dentist. We need to move your appointment on Saturday to the afternoon, ' +
  'please call us back before Friday so we can keep the slot for you.';

/**
 * Every screen of the TV, reached with the remote's keys, checked as drawn (tests/helpers/layout.ts): no two texts
 * over each other, no text out of its box, nothing beneath a dialog showing through or sticking out — one clear
 * layer at a time.
 */
describe('TV app: one clear layer at a time, every text in its box', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(capabilities: Partial<PlatformCapabilities> = {}) {
    const tv = await startRemoteTv(cleanups, {
      messages: [
        messageFixture('m1', { transcript: TRANSCRIPT }),
        messageFixture('m2', {
          callerName: 'Simon',
          folder: 'saved',
          receivedAt: '2026-11-21T09:00:00.000Z',
        }),
      ],
      capabilities,
    });
    const alert = () => tv.alert(voicemailFixture('m1', { transcript: TRANSCRIPT }));
    const inbox = async () => {
      tv.press('Info');
      await tv.shows('Simon 505-555-1313', 'the inbox');
    };
    return { ...tv, alert, inbox };
  }

  const expectCleanLayout = async (app: TvApp) => {
    const problems = await layoutProblems(app);
    expect(problems, problems.join('\n')).to.deep.equal([]);
  };

  it('the check itself finds texts over each other, and a screen showing through a translucent panel', async () => {
    const { app, press, inbox, shows } = await setup();
    await inbox();
    await expectCleanLayout(app);
    const stage = app.root.stage;
    const intruder = stage.c({
      x: 1920 - 96 - 1000 + 48,
      y: 54 + 36,
      text: { text: 'Intruder', fontSize: 44 },
    });
    stage.root.childList.add(intruder);
    const overlapping = await layoutProblems(app);
    expect(overlapping.some((p) => p.includes('"Voicemail"') && p.includes('"Intruder"'))).to.equal(true);
    stage.root.childList.remove(intruder);
    press('Enter');
    await shows('Enter your voicemail PIN', 'the PIN pad');
    // Undo what the shell does (the inbox hidden, the panel opaque): the check must see the inbox through the pad.
    const inboxView = app.root.tag('InboxView') as Lightning.Element;
    const pinPanel = app.root.tag('Pin').tag('Panel') as Lightning.Element;
    inboxView.visible = true;
    pinPanel.color = 0xe6121a26;
    const through = await layoutProblems(app);
    expect(
      through.some((p) => p.includes('"Voicemail" is drawn beneath') && p.includes('shows it')),
    ).to.equal(true);
    pinPanel.color = 0xff121a26;
    const cut = await layoutProblems(app);
    expect(
      cut.some((p) => p.includes('"Jane 505-555-1313" is drawn beneath') && p.includes('cuts it')),
    ).to.equal(true);
  });

  it('the alert and the inbox', async () => {
    const { app, press, alert, inbox, texts } = await setup();
    await alert();
    await expectCleanLayout(app);
    press('Blue');
    await waitFor(() => !texts().includes(JANE), 'the alert dismissed');
    await inbox();
    await expectCleanLayout(app);
  });

  it("Later's acknowledgement beside the inbox: neither on the other's lines", async () => {
    const { app, press, alert, inbox, shows } = await setup();
    await alert();
    press('Yellow');
    await shows('Saved for later — in your inbox', 'the acknowledgement');
    await inbox();
    await shows('Saved for later — in your inbox', 'the acknowledgement, still there');
    await expectCleanLayout(app);
  });

  it('the PIN pad over the inbox, with a wrong PIN, hides the inbox', async () => {
    const { app, press, inbox, texts, shows } = await setup();
    await inbox();
    press('Enter');
    await shows('Enter your voicemail PIN', 'the PIN pad');
    expect(texts()).not.to.include('Voicemail');
    press('Digit1', 'Digit1', 'Digit1', 'Digit1', 'Enter');
    await shows('Wrong PIN — 4 tries left', 'the wrong-PIN line');
    await expectCleanLayout(app);
    press('Back');
    await shows('Voicemail', 'the inbox back when the pad closes');
  });

  it('the player with its captions, and the captions gone after Stop', async () => {
    const { app, press, inbox, texts, shows } = await setup({ hasMediaKeys: false });
    await inbox();
    press('Enter', ...PIN, 'Enter');
    await shows('Playing', 'the player', 8000);
    await waitFor(() => texts().some((t) => t.startsWith('Hi Mary, it is Jane')), 'a caption', 8000);
    expect(texts()).not.to.include('Voicemail');
    await expectCleanLayout(app);
    press('Right', 'Enter');
    await shows('Stopped', 'stopped');
    expect(texts().filter((t) => TRANSCRIPT.includes(t) && t.split(' ').length > 2)).to.deep.equal([]);
    press('Back');
    await shows('Voicemail', 'the inbox again');
    expect(texts().filter((t) => TRANSCRIPT.includes(t) && t.split(' ').length > 2)).to.deep.equal([]);
  });

  it('the delete confirmation over the inbox', async () => {
    const { app, press, inbox, texts, shows } = await setup();
    await inbox();
    press('Red');
    await shows('Enter your PIN to delete', 'the PIN pad');
    press(...PIN, 'Enter');
    await shows('Delete the message from Jane?', 'the confirmation');
    expect(texts()).not.to.include('Voicemail');
    await expectCleanLayout(app);
  });

  it('the texts, the compose screen over them, and a failed text’s wrapped status', async () => {
    const { app, press, inbox, texting, gateway, texts, shows } = await setup();
    await inbox();
    press('Yellow');
    await shows('Texts', 'the texts');
    expect(texts()).not.to.include('Voicemail');
    await expectCleanLayout(app);
    press('Green');
    await shows('New text', 'the compose screen');
    await expectCleanLayout(app);
    press('Back', 'Back');
    await shows('Voicemail', 'the inbox again');
    // Mary's phone lets the TV text: a reply to Jane that fails says why, on two lines.
    texting.profiles.set(STB, [profileFixture('phone-mary', { grantedToYou: ['send', 'receive'] })]);
    gateway.publish(STB, 'profiles.changed', 'profiles.changed:1', {});
    await waitFor(() => app.texting?.access$.value.state === 'allowed', 'allowed');
    press('Green');
    await shows('Text to Jane 505-555-1313', 'the compose screen for Jane');
    press('Down', 'Enter', ...Array<KeyName>(7).fill('Down'), 'Enter');
    await waitFor(() => texting.sent.length === 1, 'sent');
    pushTextStatus(gateway, texting.sent.at(-1)!, 'failed', 'the number is not reachable');
    await waitFor(
      () => texts().some((t) => t.endsWith('the draft is kept: Send tries again')),
      'the failure',
    );
    await expectCleanLayout(app);
  });

  it('a text’s alert, its words wrapped on two lines', async () => {
    const { app, gateway, texts } = await setup();
    gateway.publish(STB, 'text.incoming', 'text.incoming:s1', {
      smsId: 's1',
      line: '5055551212',
      lineOwner: 'Mary',
      from: '5055551313',
      text: TRANSCRIPT,
      receivedAt: new Date().toISOString(),
    });
    await waitFor(() => texts().some((t) => t.includes('Hi Mary, it is Jane')), 'the text’s alert');
    await expectCleanLayout(app);
  });

  it('"Leave Couchline?"', async () => {
    const { app, press, shows } = await setup({ canExit: true, asksBeforeExit: true });
    press('Back');
    await shows('Leave Couchline?', 'the question');
    await expectCleanLayout(app);
  });

  it('the enrollment screen', async () => {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    const tv = await startTestTv({ credentials: null });
    cleanups.push(tv.stop);
    await waitFor(() => tv.app.enrollment?.service.state.step === 'code', 'the code');
    await expectCleanLayout(tv.app);
  });
});
