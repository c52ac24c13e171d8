import { expect } from 'chai';
import { codeUnknown, guessesLocked, type MockHousehold } from '../../mocks/mock-household.ts';
import { waitFor } from '../../tests/helpers/wait.ts';
import type { AccountApp } from './account-app.ts';
import type { EnrollDevice } from './enroll-device.ts';
import type { HouseholdDevices } from './household-devices.ts';
import { click, logIn, openAccountPage, pageView, say, type } from './test-account-page.ts';

const TIZEN = { kind: 'stb', platform: 'Samsung Tizen', model: 'UE55TU7000', appVersion: '1.4.0' } as const;

/**
 * The setup page's "Add a TV or phone" step and its devices list, against the mock household: the code from the
 * TV's QR code or typed, what asks, which TV it is, approve or decline, wrong and expired codes; every device with
 * its state, Rename and Remove.
 */
describe('setup page: devices of the household', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const open = (search = '', setup: (household: MockHousehold) => void = () => {}) =>
    openAccountPage(cleanups, search, setup);
  const view = pageView;
  const enroll = (app: AccountApp) =>
    view(app, 'account-add-device')?.querySelector<EnrollDevice>('enroll-device')?.shadowRoot;
  const list = (app: AccountApp) =>
    view(app, 'account-manage')?.querySelector<HouseholdDevices>('household-devices')?.shadowRoot;

  async function typeCode(app: AccountApp, code: string) {
    const form = await waitFor(
      () => enroll(app)?.querySelector('#enroll-code')?.closest('form'),
      'the code form',
    );
    type(form, '#enroll-code', code);
    click(form, 'Continue');
  }

  const choose = (app: AccountApp, label: string) => {
    const radio = [...enroll(app)!.querySelectorAll<HTMLLabelElement>('label.choice')].find((l) =>
      say(l).startsWith(label),
    );
    if (!radio) throw new Error(`no choice "${label}"`);
    radio.querySelector('input')!.click();
  };

  const row = (app: AccountApp, id: string) =>
    list(app)?.querySelector<HTMLElement>(`li[data-device-id="${id}"]`) ?? null;

  it('opened from the TV’s QR code: after login it shows what asks, and a new screen by its room joins', async () => {
    const { app, household } = await open('?code=wdjb-mjht', (h) => h.ask(TIZEN, 'WDJBMJHT'));
    expect(say(view(app, 'account-start')!.querySelector('[data-testid="code-waiting"]'))).to.contain(
      'WDJB-MJHT',
    );
    logIn(app);
    const heading = await waitFor(
      () => enroll(app)?.querySelector('[data-testid="enroll-request"]'),
      'the request',
    );
    expect(say(heading)).to.equal('A Samsung Tizen TV (UE55TU7000) asks to join');
    expect(say(enroll(app)!.querySelector('.asks')))
      .to.contain('Code WDJB-MJHT')
      .and.contain('Couchline app 1.4.0')
      .and.contain('expires in 10 minutes');
    // The household's TVs are offered, the joined ones marked; nothing is chosen for the person.
    const choices = [...enroll(app)!.querySelectorAll('label.choice')].map(say);
    expect(choices).to.deep.equal([
      'Bedroom TV — Bedroom (joined already: this one replaces it, and the old one stops)',
      'Living-room TV — Living room (joined already: this one replaces it, and the old one stops)',
      'Den TV — Den',
      'A new screen',
    ]);
    choose(app, 'A new screen');
    await app.updateComplete;
    click(enroll(app)!, 'Approve');
    await waitFor(
      () => say(enroll(app)).includes('Say which room the new screen is in'),
      'the room asked for',
    );
    expect(household.requests[0]!.state).to.equal('pending');

    type(enroll(app)!, '#enroll-room', 'Kitchen');
    click(enroll(app)!, 'Approve');
    await waitFor(() => say(enroll(app)).includes('Kitchen TV has joined'), 'the approval');
    expect(household.requests[0]).to.deep.include({
      state: 'approved',
      as: { name: 'Kitchen TV', room: 'Kitchen' },
    });
    // The code is answered: a reload does not offer it again.
    expect(window.location.search).to.equal('');

    click(view(app, 'account-add-device')!, "Back to Mary and Simon's home");
    const kitchen = await waitFor(
      () => [...(list(app)?.querySelectorAll('li') ?? [])].find((li) => say(li).startsWith('Kitchen TV')),
      'the new TV listed',
    );
    expect(say(kitchen))
      .to.contain('Samsung Tizen UE55TU7000 · app 1.4.0')
      .and.contain('Joined, not seen yet');
  });

  it('a typed code: a wrong one says the tries left, then too many are locked for minutes', async () => {
    // The backend's answers to five wrong codes (its count: server/enrollment/enrollment-by-code.test.ts).
    const { app } = await open('', (h) =>
      h.lookupRefusals.push(...[4, 3, 2, 1].map(codeUnknown), guessesLocked(900)),
    );
    logIn(app);
    click(await waitFor(() => list(app) && view(app, 'account-manage'), 'the account'), 'Add a TV or phone');
    await typeCode(app, 'wdjb');
    await waitFor(() => say(enroll(app)).includes('A code is 8 letters, like WDJB-MJHT'), 'the format error');
    await typeCode(app, 'bcdf-ghjk');
    await waitFor(
      () =>
        say(enroll(app)).includes('No TV or phone is waiting with the code BCDF-GHJK') &&
        say(enroll(app)).includes('4 tries left'),
      'the tries left',
    );
    expect(enroll(app)!.querySelector('#enroll-code')!.getAttribute('aria-invalid')).to.equal('true');
    for (const left of [3, 2, 1]) {
      await typeCode(app, 'BCDFGHJK');
      await waitFor(
        () => say(enroll(app)).includes(`${left} ${left === 1 ? 'try' : 'tries'} left`),
        `${left} left`,
      );
    }
    await typeCode(app, 'BCDFGHJK');
    await waitFor(
      () => say(enroll(app)).includes('Too many wrong codes — try again in 15 minutes'),
      'the lock',
    );
  });

  it('a code that expires while it is shown cannot be approved; one of the household’s TVs, or decline', async () => {
    const { app, household } = await open('?code=WDJBMJHT', (h) => {
      h.ask(TIZEN, 'WDJBMJHT');
      h.ask({ kind: 'stb', platform: 'LG webOS', model: '', appVersion: '1.4.0' }, 'XZXZXZXZ');
      h.ask({ ...TIZEN, model: 'QE65' }, 'KLMNPQRS');
    });
    logIn(app);
    await waitFor(() => enroll(app)?.querySelector('[data-testid="enroll-request"]'), 'the request');
    household.expire('WDJBMJHT');
    choose(app, 'Den TV');
    click(enroll(app)!, 'Approve');
    await waitFor(
      () =>
        say(enroll(app)).includes(
          'The code WDJB-MJHT has expired or was used already: ask the screen for a new one',
        ),
      'the expiry',
    );

    // A TV of the cable account: nothing chosen is refused first.
    await typeCode(app, 'xzxz xzxz');
    const heading = await waitFor(
      () => enroll(app)?.querySelector('[data-testid="enroll-request"]'),
      'the webOS TV',
    );
    expect(say(heading)).to.equal('An LG webOS TV asks to join');
    click(enroll(app)!, 'Approve');
    await waitFor(() => say(enroll(app)).includes('Choose which TV it is'), 'a choice asked for');
    choose(app, 'Den TV');
    click(enroll(app)!, 'Approve');
    await waitFor(() => say(enroll(app)).includes('Den TV has joined'), 'the den TV joined');
    expect(household.requests[1]).to.deep.include({ state: 'approved', as: { deviceId: 'stb-den' } });

    click(enroll(app)!, 'Add another');
    await typeCode(app, 'KLMN-PQRS');
    await waitFor(() => enroll(app)?.querySelector('[data-testid="enroll-request"]'), 'the third TV');
    click(enroll(app)!, 'Decline');
    await waitFor(() => say(enroll(app)).includes('was not let in'), 'the refusal');
    expect(household.requests[2]!.state).to.equal('denied');
  });

  it('lists every phone and TV with its state; renames one inline and removes one, which stops at once', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const { app, household } = await open('', (h) => {
      h.setOnline('stb-living-room', true);
      h.device('phone-simon')!.lastSeenAt = new Date(Date.now() - 5 * 60_000).toISOString();
      h.device('phone-mary')!.name = hostile;
    });
    logIn(app);
    await waitFor(() => row(app, 'stb-den'), 'the list');
    expect(say(row(app, 'stb-living-room')))
      .to.contain('Living-room TV')
      .and.contain('Online now')
      .and.contain('TV · Browser · app 0.1.0');
    expect(say(row(app, 'phone-simon')))
      .to.contain('505-555-1414')
      .and.contain('Last seen 5 minutes ago');
    expect(say(row(app, 'stb-den')))
      .to.contain('Den TV · Den')
      .and.contain('Not joined yet');
    expect(say(row(app, 'phone-luis'))).to.contain('Not joined yet — sign in on the phone');
    expect(say(row(app, 'phone-mary'))).to.contain(hostile);
    expect(row(app, 'phone-mary')!.querySelector('img')).to.equal(null);
    // Only a joined device can be removed.
    expect([...row(app, 'stb-den')!.querySelectorAll('button')].map(say)).to.deep.equal(['Rename']);

    click(row(app, 'stb-bedroom')!, 'Rename');
    await waitFor(() => row(app, 'stb-bedroom')!.querySelector('form'), 'the rename form');
    type(row(app, 'stb-bedroom')!, 'input[name="name"]', 'Guest-room TV');
    type(row(app, 'stb-bedroom')!, 'input[name="room"]', 'Guest room');
    click(row(app, 'stb-bedroom')!, 'Save');
    await waitFor(
      () => say(row(app, 'stb-bedroom')).startsWith('Guest-room TV · Guest room'),
      'the new name',
    );
    expect(say(list(app)!.querySelector('.notice'))).to.equal('Renamed to Guest-room TV (Guest room).');

    click(row(app, 'stb-living-room')!, 'Remove');
    await waitFor(() => row(app, 'stb-living-room')!.querySelector('.confirm'), 'the question');
    expect(say(row(app, 'stb-living-room')!.querySelector('.confirm'))).to.contain(
      'Remove Living-room TV? It stops at once',
    );
    expect(household.device('stb-living-room')!.enrolled).to.equal(true);
    click(row(app, 'stb-living-room')!, 'Remove it');
    await waitFor(
      () => say(row(app, 'stb-living-room')).includes('Not joined now — last seen just now'),
      'the removal',
    );
    expect(household.removed).to.deep.equal(['stb-living-room']);
    expect(say(list(app)!.querySelector('.notice'))).to.equal(
      'Living-room TV was removed: it no longer receives anything.',
    );
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
