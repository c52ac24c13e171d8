import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import * as v from 'valibot';
import {
  ErrorCode,
  formatPhoneNumber,
  formatUserCode,
  UserCode,
  type EnrollAs,
  type EnrollmentApproval,
  type EnrollmentRequestView,
  type HouseholdDevice,
} from '../../protocol/index.ts';
import { focusInvalidField, formError, formText, labelledField } from '../shared/form-fields.ts';
import { invalidAndFocusStyles, pillButtonStyles } from '../shared/form-styles.ts';
import { IntervalController } from '../shared/interval-controller.ts';
import { enrollErrorText, requestTitle, timeAgo, timeLeft, type CodedError } from './wording.ts';

/**
 * Who approves codes: the setup page with the joint account's session (`/api/joint-accounts/:id/…`), or a phone of
 * the household with its device token (`/api/household/…`). Failures reject with the server's code and details.
 */
export interface EnrollmentApprover {
  request(userCode: string): Promise<EnrollmentRequestView>;
  approve(approval: EnrollmentApproval): Promise<HouseholdDevice>;
  deny(userCode: string): Promise<void>;
  devices(): Promise<HouseholdDevice[]>;
}

/** `enrollment:approved` and `enrollment:declined` bubble out of the element (through shadow roots). */
export interface EnrollmentApprovedPayload {
  device: HouseholdDevice;
}
export interface EnrollmentDeclinedPayload {
  userCode: string;
}

type Step =
  | { name: 'code' }
  | { name: 'request'; request: EnrollmentRequestView; devices: HouseholdDevice[] }
  | { name: 'approved'; device: HouseholdDevice }
  | { name: 'declined'; request: EnrollmentRequestView };

type Status = 'initial' | 'pending' | 'complete' | 'error';

/** What an error is about: a field, or '' for the whole form. */
type ErrorField = 'code' | 'as' | 'room' | 'name' | '';

/** The choice for a new screen, next to the ids of existing devices. */
const NEW_SCREEN = 'new';
/** How often the countdown to the code's expiry is redrawn. */
const TICK_MS = 15_000;

/**
 * "Add a TV or phone": the person types the code a TV (or phone) shows — any case, dash optional — sees what asks to
 * join, says which of the household's devices it is (or a new screen, named by room), and approves or declines.
 * Used by the setup page and by the phone page; the {@link EnrollmentApprover} decides which API it speaks to.
 * Everything the server or the device said is shown as text.
 */
export class EnrollDevice extends LitElement {
  static override properties = {
    approver: { attribute: false },
    code: {},
    autoLookup: { type: Boolean, attribute: 'auto-lookup' },
    step: { state: true },
    status: { state: true },
    error: { state: true },
    choice: { state: true },
  };

  static override styles = [
    css`
      :host {
        display: block;
      }
      h3 {
        font-size: 17px;
        margin: 0 0 8px;
      }
      h3:focus {
        outline: none;
      }
      p {
        margin: 0 0 10px;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin: 0 0 10px;
      }
      .choice {
        display: flex;
        gap: 8px;
        align-items: baseline;
        margin: 6px 0;
      }
      .hint {
        color: #5b6475;
        font-size: 14px;
      }
      fieldset {
        border: 1px solid #d0d5de;
        border-radius: 10px;
        margin: 0 0 12px;
        padding: 8px 12px;
        min-width: 0;
      }
      .new-screen {
        margin: 6px 0 0 26px;
      }
      input,
      button {
        font: inherit;
        max-width: 100%;
        box-sizing: border-box;
      }
      input[type='text'] {
        padding: 6px 8px;
      }
      input.code {
        font-size: 22px;
        letter-spacing: 0.12em;
        text-transform: uppercase;
        max-width: 12em;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 10px;
        margin-top: 8px;
      }
      .asks {
        background: #eaf2ff;
        border-radius: 10px;
        padding: 10px 12px;
        margin: 0 0 12px;
        overflow-wrap: anywhere;
      }
      .done {
        background: #f1f8f2;
        color: #1d5c2a;
        border-radius: 10px;
        padding: 10px 12px;
        overflow-wrap: anywhere;
      }
      .error {
        color: #b3261e;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
    `,
    pillButtonStyles,
    invalidAndFocusStyles,
  ];

  declare approver: EnrollmentApprover | null;
  /** The code to start with (from the QR code's URL); typed by the person otherwise. */
  declare code: string;
  /** Look the starting code up at once (it came from the TV's QR code). */
  declare autoLookup: boolean;
  declare step: Step;
  declare status: Status;
  declare error: { field: ErrorField; message: string } | null;
  declare choice: string;
  private lookedUpOnce = false;

  constructor() {
    super();
    this.approver = null;
    this.code = '';
    this.autoLookup = false;
    this.step = { name: 'code' };
    this.status = 'initial';
    this.error = null;
    this.choice = '';
    new IntervalController(this, TICK_MS, () => this.requestUpdate());
  }

  /** Back to an empty code form (another device to add). */
  reset = (): void => {
    this.code = '';
    this.step = { name: 'code' };
    this.error = null;
    this.status = 'initial';
    this.choice = '';
  };

  protected override willUpdate(): void {
    if (this.autoLookup && this.code && this.approver && !this.lookedUpOnce) {
      this.lookedUpOnce = true;
      void this.lookUp(this.code);
    }
  }

  protected override updated(changed: PropertyValues): void {
    const previous = changed.get('step') as Step | undefined;
    if (changed.has('step') && previous && previous.name !== this.step.name) {
      this.renderRoot.querySelector<HTMLElement>('h3[tabindex]')?.focus();
    }
    if (changed.has('error') && this.error?.field) focusInvalidField(this.renderRoot, this.error.field);
  }

  override render() {
    switch (this.step.name) {
      case 'code':
        return this.renderCode();
      case 'request':
        return this.renderRequest(this.step.request, this.step.devices);
      case 'approved':
        return this.renderApproved(this.step.device);
      case 'declined':
        return html`<div class="done" role="status">
            <h3 tabindex="-1">Declined</h3>
            <p>${requestTitle(this.step.request)} was not let in. Its screen says so; it can ask again.</p>
          </div>
          <div class="actions"><button class="secondary" @click=${this.reset}>Add another</button></div>`;
    }
  }

  private renderCode() {
    return html`<form @submit=${this.onCodeSubmit} novalidate>
      <h3 tabindex="-1">Enter the code on the screen</h3>
      <p class="hint">The TV (or phone) that wants to join shows a code like WDJB-MJHT.</p>
      ${labelledField(
        { id: 'enroll-code', label: 'Code', error: this.errorOn('code') },
        (aria) =>
          html`<input
            id="enroll-code"
            class="code"
            name="code"
            type="text"
            data-field="code"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck="false"
            maxlength="32"
            .value=${this.code}
            @input=${(e: Event) => (this.code = (e.target as HTMLInputElement).value)}
            aria-invalid=${aria.invalid}
            aria-describedby=${aria.describedBy}
          />`,
      )}
      ${formError(this.errorOn(''))}
      <button ?disabled=${this.status === 'pending'}>Continue</button>
    </form>`;
  }

  private renderRequest(request: EnrollmentRequestView, devices: HouseholdDevice[]) {
    const expired = Date.parse(request.expiresAt) <= Date.now();
    const sameKind = devices.filter((d) => d.kind === request.kind);
    const isTv = request.kind === 'stb';
    const asInvalid = this.error?.field === 'as';
    return html`<form @submit=${this.onApprove} novalidate>
      <h3 tabindex="-1" data-testid="enroll-request">${requestTitle(request)} asks to join</h3>
      <div class="asks">
        <p>
          Code <strong>${formatUserCode(request.userCode)}</strong>${
            request.appVersion ? html` · Couchline app ${request.appVersion}` : nothing
          }
          · asked ${timeAgo(request.requestedAt)}
        </p>
        <p class=${expired ? 'error' : 'hint'} role=${expired ? 'alert' : nothing}>
          ${
            expired
              ? `The code has expired: ask the ${isTv ? 'TV' : 'phone'} for a new one.`
              : `The code expires in ${timeLeft(request.expiresAt)}.`
          }
        </p>
      </div>
      <fieldset aria-invalid=${asInvalid ? 'true' : 'false'}>
        <legend>${isTv ? 'Which TV is it?' : 'Which phone is it?'}</legend>
        ${sameKind.map(
          (d, i) =>
            html`<label class="choice"
              ><input
                type="radio"
                name="as"
                value=${d.id}
                data-field=${i === 0 ? 'as' : nothing}
                .checked=${this.choice === d.id}
                @change=${() => (this.choice = d.id)}
              /><span
                >${d.name}${d.room ? ` — ${d.room}` : ''}${
                  d.phoneNumber ? ` — ${formatPhoneNumber(d.phoneNumber)}` : ''
                }${
                  d.enrolled
                    ? html` <span class="hint"
                        >(joined already: this one replaces it, and the old one stops)</span
                      >`
                    : nothing
                }</span
              ></label
            >`,
        )}
        ${
          isTv
            ? html`<label class="choice"
                  ><input
                    type="radio"
                    name="as"
                    value=${NEW_SCREEN}
                    data-field=${sameKind.length === 0 ? 'as' : nothing}
                    .checked=${this.choice === NEW_SCREEN}
                    @change=${() => (this.choice = NEW_SCREEN)}
                  />A new screen</label
                >
                ${this.choice === NEW_SCREEN ? this.renderNewScreen() : nothing}`
            : nothing
        }
        ${asInvalid ? html`<p class="error" role="alert">${this.error!.message}</p>` : nothing}
      </fieldset>
      ${formError(this.errorOn(''))}
      <div class="actions">
        <button ?disabled=${this.status === 'pending' || expired}>Approve</button>
        <button
          type="button"
          class="secondary"
          ?disabled=${this.status === 'pending' || expired}
          @click=${this.onDecline}
        >
          Decline
        </button>
        <button type="button" class="secondary" @click=${this.reset}>Another code</button>
      </div>
    </form>`;
  }

  private renderNewScreen() {
    const field = (name: 'room' | 'name', label: string, placeholder: string) =>
      labelledField(
        { id: `enroll-${name}`, label, error: this.errorOn(name) },
        (aria) =>
          html`<input
            id="enroll-${name}"
            name=${name}
            type="text"
            data-field=${name}
            maxlength="40"
            placeholder=${placeholder}
            aria-invalid=${aria.invalid}
            aria-describedby=${aria.describedBy}
          />`,
      );
    return html`<div class="new-screen">
      ${field('room', 'Room', 'Kitchen')}
      ${field('name', 'Name (the room’s name and “TV” if left empty)', 'Kitchen TV')}
    </div>`;
  }

  private renderApproved(device: HouseholdDevice) {
    return html`<div class="done" role="status">
        <h3 tabindex="-1">${device.name} has joined</h3>
        <p>
          ${device.room ? `In the ${device.room.toLowerCase()}. ` : ''}It starts by itself in a few seconds,
          and is listed with the household’s devices.
        </p>
      </div>
      <div class="actions"><button class="secondary" @click=${this.reset}>Add another</button></div>`;
  }

  /** The error's message when it is about `field` ('' for the whole form), else null. */
  private errorOn(field: ErrorField): string | null {
    return this.error?.field === field ? this.error.message : null;
  }

  private onCodeSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    void this.lookUp(this.code);
  };

  private async lookUp(raw: string): Promise<void> {
    const parsed = v.safeParse(UserCode, raw);
    if (!parsed.success) {
      this.error = {
        field: 'code',
        message: raw.trim() ? 'A code is 8 letters, like WDJB-MJHT' : 'Type the code the screen shows',
      };
      return;
    }
    const userCode = parsed.output;
    await this.run('code', userCode, async (approver) => {
      const [request, devices] = await Promise.all([approver.request(userCode), approver.devices()]);
      const sameKind = devices.filter((d) => d.kind === request.kind);
      this.code = formatUserCode(userCode);
      // Nothing is chosen for the person unless there is nothing to choose between.
      this.choice = sameKind.length === 0 && request.kind === 'stb' ? NEW_SCREEN : '';
      this.step = { name: 'request', request, devices };
    });
  }

  private onApprove = (e: SubmitEvent) => {
    e.preventDefault();
    const step = this.step;
    if (step.name !== 'request') return;
    const data = new FormData(e.target as HTMLFormElement);
    let as: EnrollAs;
    if (this.choice === NEW_SCREEN) {
      const room = formText(data, 'room');
      const name = formText(data, 'name') || (room ? `${room} TV` : '');
      if (!room) {
        this.error = { field: 'room', message: 'Say which room the new screen is in' };
        return;
      }
      as = { name, room };
    } else if (this.choice) {
      as = { deviceId: this.choice };
    } else {
      this.error = {
        field: 'as',
        message: step.request.kind === 'stb' ? 'Choose which TV it is' : 'Choose which phone it is',
      };
      return;
    }
    const userCode = step.request.userCode;
    void this.run('', userCode, async (approver) => {
      const device = await approver.approve({ userCode, as });
      this.step = { name: 'approved', device };
      this.emit<EnrollmentApprovedPayload>('enrollment:approved', { device });
    });
  };

  private onDecline = () => {
    const step = this.step;
    if (step.name !== 'request') return;
    void this.run('', step.request.userCode, async (approver) => {
      await approver.deny(step.request.userCode);
      this.step = { name: 'declined', request: step.request };
      this.emit<EnrollmentDeclinedPayload>('enrollment:declined', { userCode: step.request.userCode });
    });
  };

  private async run(
    field: 'code' | '',
    userCode: string,
    work: (approver: EnrollmentApprover) => Promise<void>,
  ): Promise<void> {
    if (this.status === 'pending' || !this.approver) return;
    this.status = 'pending';
    this.error = null;
    try {
      await work(this.approver);
      this.status = 'complete';
    } catch (error) {
      this.status = 'error';
      this.fail(field, userCode, error);
    }
  }

  private fail(field: 'code' | '', userCode: string, error: unknown): void {
    if (!isCoded(error)) {
      this.error = { field, message: `Something went wrong: ${(error as Error).message}` };
      return;
    }
    // A code that was fine a moment ago and is refused now has expired, or another approver used it.
    if (this.step.name === 'request' && error.code === ErrorCode.EnrollCodeUnknown) {
      this.step = { name: 'code' };
      this.error = {
        field: 'code',
        message: `The code ${formatUserCode(userCode)} has expired or was used already: ask the screen for a new one`,
      };
      return;
    }
    const message = enrollErrorText(error, userCode);
    if (error.code === ErrorCode.DeviceNotOwned) {
      this.error = { field: 'as', message };
      return;
    }
    const onCode = error.code === ErrorCode.EnrollCodeUnknown || error.code === ErrorCode.EnrollGuessLimited;
    this.error = { field: onCode ? 'code' : field, message };
  }

  private emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }
}

function isCoded(error: unknown): error is CodedError {
  return error instanceof Error && typeof (error as Partial<CodedError>).code === 'string';
}

customElements.define('enroll-device', EnrollDevice);

declare global {
  interface HTMLElementTagNameMap {
    'enroll-device': EnrollDevice;
  }
}
