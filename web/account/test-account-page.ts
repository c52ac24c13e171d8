import { MOCK_JOINT_ACCOUNT } from '../../mocks/fixtures.ts';
import { householdHandlers } from '../../mocks/handlers/household-devices.ts';
import { MockHousehold } from '../../mocks/mock-household.ts';
import { forwardTo, startTestWorker } from '../../tests/helpers/mock-push.ts';
import type { AccountApp } from './account-app.ts';
// Defines <account-app>, which openAccountPage creates.
import './account-app.ts';

/**
 * For the setup page's browser tests: one msw worker per test page, answering the enrollment and devices routes
 * from the current test's {@link MockHousehold} (a fresh one per call). Unmocked API calls fail loudly.
 */
let current: MockHousehold | null = null;
let started: Promise<unknown> | undefined;

export async function startMockHousehold(): Promise<MockHousehold> {
  started ??= startTestWorker(...householdHandlers(forwardTo(() => current, 'mock household')));
  await started;
  current = new MockHousehold();
  return current;
}

/**
 * The setup page, opened at `search` (the TV's QR code opens `?code=…`), with a fresh mock household behind it
 * (`setup` prepares it). `cleanups` gets what undoes it.
 */
export async function openAccountPage(
  cleanups: (() => unknown)[],
  search = '',
  setup: (household: MockHousehold) => void = () => {},
) {
  const household = await startMockHousehold();
  setup(household);
  const before = window.location.href;
  window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  cleanups.push(() => window.history.replaceState(null, '', before));
  const app = document.createElement('account-app');
  document.body.append(app);
  cleanups.push(() => app.remove());
  await app.updateComplete;
  return { app, household };
}

/** The page's current view (views/), when it is the one named: the forms and buttons are in it. */
export const pageView = <K extends keyof HTMLElementTagNameMap>(app: AccountApp, tag: K) =>
  app.shadowRoot!.querySelector(tag)?.shadowRoot;

/** What a part of the page says, spaces folded. */
export const say = (node: ParentNode | null | undefined) =>
  node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Clicks the button labelled `label` in `scope`. */
export function click(scope: ParentNode, label: string): void {
  const button = [...scope.querySelectorAll('button')].find((b) => b.textContent?.trim() === label);
  if (!button) throw new Error(`no "${label}" button`);
  button.click();
}

/** Types `value` into the field `selector` finds in `scope`, as its input event says. */
export function type(scope: ParentNode, selector: string, value: string): void {
  const input = scope.querySelector<HTMLInputElement>(selector);
  if (!input) throw new Error(`no ${selector}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Logs into the mock joint account from the start view. */
export function logIn(app: AccountApp): void {
  const start = pageView(app, 'account-start')!;
  type(start, '#joint-login-jointAccountId', MOCK_JOINT_ACCOUNT.jointAccountId);
  type(start, '#joint-password', MOCK_JOINT_ACCOUNT.password);
  start.querySelector('#joint-password')!.closest('form')!.requestSubmit();
}
