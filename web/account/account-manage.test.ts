import { expect } from 'chai';
import type { DeliveryCard } from '../../protocol/index.ts';
import { waitFor } from '../../tests/helpers/wait.ts';
import type { AccountApp } from './account-app.ts';
import type { MockHousehold } from '../../mocks/mock-household.ts';
import { click, logIn, openAccountPage, pageView, say, type } from './test-account-page.ts';

/**
 * The joint account once logged in, against the mock household: linking one more account (by its password, or
 * another person's line by their consent) and unlinking one after saying what happens; Stop applying at once with an
 * unsaved-changes sign for the rest; "Saved." leaving when it no longer applies; the delivery log as cards, filtered
 * and paged; selects named by their labels; the browser's time zone when none is saved.
 */
describe('setup page: managing a joint account', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function openManaged(setup: (household: MockHousehold) => void = () => {}) {
    const { app, household } = await openAccountPage(cleanups, '', setup);
    logIn(app);
    await waitFor(() => manage(app)?.querySelector('rules-editor'), 'the joint account');
    return { app, household };
  }
  const manage = (app: AccountApp) => pageView(app, 'account-manage');
  const linked = (app: AccountApp) => manage(app)?.querySelector('linked-accounts')?.shadowRoot;
  const editor = (app: AccountApp) => manage(app)?.querySelector('rules-editor')?.shadowRoot;
  const card = (app: AccountApp) => editor(app)?.querySelector('rule-card')?.shadowRoot;
  const log = (app: AccountApp) => manage(app)?.querySelector('delivery-log')?.shadowRoot;
  /** Save changes, once the page is not busy with the last change (the button is disabled until then). */
  const saveWhenReady = async (app: AccountApp) => {
    const save = [...manage(app)!.querySelectorAll('button')].find((b) => say(b) === 'Save changes')!;
    await waitFor(() => !save.disabled, 'Save changes enabled');
    save.click();
  };
  const linkedNames = (app: AccountApp) =>
    [...(linked(app)?.querySelectorAll('li') ?? [])].map((li) => say(li.querySelector('span')));

  it("links Luis's account by its password (a wrong one is said at the field), then unlinks it after asking", async () => {
    const { app, household } = await openManaged();
    expect(linkedNames(app)).to.deep.equal(['Mary — XYZ Wireless', 'Mary — FXT Digital TV']);
    click(linked(app)!, 'Link another account');
    const form = await waitFor(() => linked(app)?.querySelector('form'), 'the link form');
    const wireless = form.querySelector<HTMLSelectElement>('#directory2')!;
    wireless.value = 'wireless';
    type(form, '#link-username', 'luis');
    type(form, '#link-password', 'not-his-password');
    form.requestSubmit();
    await waitFor(
      () =>
        say(linked(app)?.querySelector('#link-password-error')) ===
        'Wrong user name or password — 4 tries left',
      'the refusal at the password',
    );
    type(form, '#link-password', household.accounts.find((a) => a.username === 'luis')!.password);
    form.requestSubmit();
    await waitFor(() => linkedNames(app).length === 3, 'Luis linked');
    expect(linkedNames(app)[2]).to.equal('Luis — XYZ Wireless');
    expect(say(manage(app)!.querySelector('[data-testid="change-note"]'))).to.contain(
      'Luis’s XYZ Wireless account is linked',
    );
    expect(linked(app)!.querySelector('form'), 'the form closed').to.equal(null);

    // Unlink asks first, saying what happens; "Keep it" keeps it.
    const luisRow = () => linked(app)!.querySelector<HTMLElement>('li[data-link-id="wireless:wacct-luis"]')!;
    click(luisRow(), 'Unlink');
    await waitFor(
      () => say(luisRow()).includes('Its phones and TVs leave this joint account at once'),
      'the question',
    );
    click(luisRow(), 'Keep it');
    await waitFor(() => !say(luisRow()).includes('leave this joint account'), 'kept');
    expect(household.links.linked).to.have.length(3);
    click(luisRow(), 'Unlink');
    await waitFor(() => luisRow().querySelectorAll('button').length === 2, 'the question again');
    click(luisRow(), 'Unlink it');
    await waitFor(() => linkedNames(app).length === 2, 'Luis unlinked');
    expect(say(manage(app)!.querySelector('[data-testid="change-note"]'))).to.contain(
      'Luis’s XYZ Wireless account is unlinked',
    );
  });

  it("asks for another person's line and goes on by itself when they approve", async () => {
    const { app, household } = await openManaged();
    click(linked(app)!, 'Link another account');
    const form = await waitFor(() => linked(app)?.querySelector('form'), 'the link form');
    form.querySelector<HTMLInputElement>('input[value="consent"]')!.click();
    const phone = await waitFor(
      () => linked(app)!.querySelector<HTMLInputElement>('#link-phoneNumber'),
      'the number field',
    );
    phone.value = '505-555-1818';
    linked(app)!.querySelector('form')!.requestSubmit();
    const waiting = await waitFor(
      () => linked(app)?.querySelector('link-consent-wait')?.shadowRoot,
      'waiting for Luis',
    );
    expect(say(waiting)).to.contain('We asked Luis to approve on their phone (505-555-1818)');
    household.links.consentAnswer = 'approved';
    await waitFor(() => linkedNames(app).length === 3, 'Luis linked once he approved');
    expect(linkedNames(app)[2]).to.equal('Luis — XYZ Wireless, by consent');
    expect(linked(app)!.querySelector('link-consent-wait')).to.equal(null);
  });

  it('Stop applies at once; other edits wait for Save with a sign; "Saved." goes when an error comes', async () => {
    const { app, household } = await openManaged();
    const legend = () => say(card(app)?.querySelector('legend'));
    expect(legend()).to.equal("Rule 1: Mary's phone → Living-room TV");
    // Something typed first: it stays typed, unsaved, while Stop is saved by itself.
    click(card(app)!, 'Add a time window');
    await waitFor(
      () => say(manage(app)!.querySelector('.unsaved')).startsWith('Unsaved changes'),
      'the unsaved sign',
    );
    click(card(app)!, 'Stop this rule');
    await waitFor(() => household.config?.relationships[0]?.stopped === true, 'the stop saved').catch(
      (e: Error) => {
        throw new Error(`${e.message}: ${say(manage(app))}`);
      },
    );
    expect(
      household.config!.relationships[0]!.windows,
      'the unsaved window is not saved with it',
    ).to.deep.equal([]);
    await waitFor(() => legend().endsWith('(stopped)'), 'the card says stopped');
    expect(card(app)!.querySelectorAll('time-window-row')).to.have.length(1);
    expect(say(manage(app)!.querySelector('[data-testid="change-note"]'))).to.equal(
      'Rule 1 stopped: nothing goes by it now.',
    );
    expect(say(manage(app)!.querySelector('.unsaved'))).to.contain('Unsaved changes');

    // Saved: the sign goes, "Saved." comes.
    await saveWhenReady(app);
    await waitFor(() => say(manage(app)).includes('Saved. Registered again with'), 'saved').catch(
      (e: Error) => {
        throw new Error(`${e.message}: ${say(manage(app))} / ${say(editor(app))}`);
      },
    );
    expect(manage(app)!.querySelector('.unsaved')).to.equal(null);
    expect(household.config!.relationships[0]!.windows).to.have.length(1);

    // A window that ends before it starts: the error, and "Saved." no longer beside it.
    const times = card(app)!
      .querySelector('time-window-row')!
      .shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="time"]');
    times[1]!.value = '08:00';
    times[1]!.dispatchEvent(new Event('change'));
    await waitFor(() => manage(app)!.querySelector('.unsaved'), 'the unsaved sign again');
    expect(say(manage(app)), 'an edit after a save').not.to.contain('Saved.');
    await saveWhenReady(app);
    const windowRow = () => card(app)!.querySelector('time-window-row')!.shadowRoot!;
    await waitFor(
      () => say(windowRow()).includes('A window must end after it starts'),
      'the error at the window',
    );
    expect(say(manage(app))).not.to.contain('Saved.');

    // Restart, at once too; the window typed wrong stays as typed, unsaved.
    click(card(app)!, 'Restart this rule');
    await waitFor(() => household.config?.relationships[0]?.stopped === false, 'the restart saved');
    await waitFor(() => !legend().endsWith('(stopped)'), 'the card says running');
    expect(household.config!.relationships[0]!.windows[0]!.end).to.equal('20:00');
    expect(manage(app)!.querySelector('.unsaved')).not.to.equal(null);
  });

  it('the delivery log: a card per alert with its caller and story; filtered and paged by the server', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 9, minute)).toISOString();
    const alert = (i: number): DeliveryCard => ({
      contentType: 'voicemail',
      subject: `m${i}`,
      caller: { name: i === 0 ? '<b>Jane</b>' : `Caller ${i}`, number: '5055551313' },
      steps: [
        {
          at: at(0),
          deviceId: 'stb-living-room',
          deviceName: 'Living-room TV',
          outcome: 'deliver',
          reasons: [],
        },
        {
          at: at(1),
          deviceId: 'stb-bedroom',
          deviceName: 'Bedroom TV',
          outcome: 'suppress',
          reasons: ['no-relationship'],
        },
        {
          at: at(1),
          deviceId: 'stb-living-room',
          deviceName: 'Living-room TV',
          outcome: 'delivered',
          reasons: [],
        },
        {
          at: at(2),
          deviceId: 'stb-living-room',
          deviceName: 'Living-room TV',
          outcome: 'displayed',
          reasons: [],
        },
        {
          at: at(3),
          deviceId: 'stb-living-room',
          deviceName: 'Living-room TV',
          outcome: 'acted',
          reasons: [],
          action: 'listen',
        },
      ],
    });
    const { app, household } = await openManaged((h) => {
      h.links.alerts = Array.from({ length: 25 }, (_, i) => alert(i));
    });
    const cards = () => [...(log(app)?.querySelectorAll('li.alert') ?? [])];
    await waitFor(() => cards().length === 20, 'the first page');
    const first = cards()[0]!;
    expect(say(first.querySelector('h3'))).to.contain('Voicemail from <b>Jane</b> 505-555-1313');
    expect(first.querySelector('b')).to.equal(null);
    const stories = [...first.querySelectorAll('section.device')].map((s) => [
      say(s.querySelector('h4')),
      [...s.querySelectorAll('ol.story li')].map((li) => say(li).replace(/\s*\d.*$/, '')),
    ]);
    expect(stories).to.deep.equal([
      ['Living-room TV', ['Sent', 'Reached the device', 'Shown', 'Acted on: listened']],
      ['Bedroom TV', ['Not sent: no rule sends this here']],
    ]);

    click(log(app)!, 'Show older');
    await waitFor(() => cards().length === 25, 'the older page under it');
    expect(household.links.logQueries.at(-1)).to.deep.include({ before: 20 });
    expect(log(app)!.querySelector('button'), 'no more pages').to.equal(null);

    const device = log(app)!.querySelector<HTMLSelectElement>('#log-device')!;
    device.value = 'stb-bedroom';
    device.dispatchEvent(new Event('change'));
    await waitFor(() => household.links.logQueries.at(-1)?.device === 'stb-bedroom', 'the filter asked for');
    await waitFor(
      () => cards().length === 20 && cards()[0]!.querySelectorAll('section.device').length === 1,
      'the bedroom TV’s alerts',
    );
    const kind = log(app)!.querySelector<HTMLSelectElement>('#log-kind')!;
    kind.value = 'callerid';
    kind.dispatchEvent(new Event('change'));
    await waitFor(() => say(log(app)).includes('Nothing yet.'), 'no caller ID logged');
    expect(household.links.logQueries.at(-1)).to.deep.include({ device: 'stb-bedroom', kind: 'callerid' });
  });

  it("selects are named by their own label, not their options; no rules saved means this browser's time zone", async () => {
    const { app } = await openManaged((h) => {
      h.config = { timeZone: 'UTC', callerIdOnTv: false, relationships: [], privacy: {} };
    });
    const zone = editor(app)!.querySelector<HTMLInputElement>('[data-field="config.timeZone"]')!;
    expect(zone.value).to.equal(Intl.DateTimeFormat().resolvedOptions().timeZone);

    click(editor(app)!, 'Add a rule');
    await waitFor(() => card(app), 'a rule');
    const selects = [
      ...card(app)!.querySelectorAll('select'),
      ...log(app)!.querySelectorAll('select'),
      ...[...editor(app)!.querySelectorAll('display-privacy-row')].flatMap((row) => [
        ...row.shadowRoot!.querySelectorAll('select'),
      ]),
    ];
    expect(selects.length).to.be.at.least(5);
    for (const select of selects) {
      const labels = [...select.labels];
      expect(labels, `${select.id} has one label`).to.have.length(1);
      // A label around its select would take the options' text into the name.
      expect(labels[0]!.contains(select), `${select.id}'s label is its own`).to.equal(false);
      expect(say(labels[0]), `${select.id}'s label`).not.to.equal('');
    }
    expect(selects.map((s) => say(s.labels[0]))).to.include.members(['From', 'to', 'Device', 'Kind']);
  });
});
