import { LitElement, css, html, nothing } from 'lit';
import {
  formatPhoneNumber,
  formatUserCode,
  type EnrollmentApproval,
  type EnrollmentRequestView,
  type HouseholdDevice,
} from '../../protocol/index.ts';
import {
  focusInvalidField,
  formError,
  formText,
  labelledField,
  submittedData,
} from '../shared/form-fields.ts';
import {
  controlStyles,
  fieldStyles,
  invalidAndFocusStyles,
  pillButtonStyles,
} from '../shared/form-styles.ts';
import { IntervalController } from '../shared/interval-controller.ts';
import {
  EnrollmentFlow,
  NEW_SCREEN,
  type EnrollmentError,
  type EnrollmentErrorField,
  type EnrollmentStep,
} from './enrollment-flow.ts';
import { requestTitle, timeAgo, timeLeft } from './wording.ts';

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

/** How often the countdown to the code's expiry is redrawn. */
const TICK_MS = 15_000;

/**
 * "Add a TV or phone": the person types the code a TV (or phone) shows — any case, dash optional — sees what asks to
 * join, says which of the household's devices it is (or a new screen, named by room), and approves or declines.
 * Used by the setup page and by the phone page; the {@link EnrollmentApprover} decides which API it speaks to.
 * Everything the server or the device said is shown as text. What each step does is {@link EnrollmentFlow}.
 */
export class EnrollDevice extends LitElement {
  static override properties = {
    approver: { attribute: false },
    code: {},
    autoLookup: { type: Boolean, attribute: 'auto-lookup' },
  };

  static override styles = [
    controlStyles,
    fieldStyles,
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
  private readonly flow = new EnrollmentFlow(this);
  private lookedUpOnce = false;
  /** The step and the error last drawn: a new step's heading, and then the field an error is about, get the focus. */
  private drawnStep: EnrollmentStep['name'] | null = null;
  private drawnError: EnrollmentError | null = null;

  constructor() {
    super();
    this.approver = null;
    this.code = '';
    this.autoLookup = false;
    new IntervalController(this, TICK_MS, () => this.requestUpdate());
  }

  /** Back to an empty code form (another device to add). */
  reset = (): void => this.flow.reset();

  protected override willUpdate(): void {
    if (this.autoLookup && this.code && this.approver && !this.lookedUpOnce) {
      this.lookedUpOnce = true;
      void this.flow.lookUp(this.code);
    }
  }

  protected override updated(): void {
    const { step, error } = this.flow;
    if (this.drawnStep !== null && this.drawnStep !== step.name) {
      this.renderRoot.querySelector<HTMLElement>('h3[tabindex]')?.focus();
    }
    this.drawnStep = step.name;
    if (error !== this.drawnError && error?.field) focusInvalidField(this.renderRoot, error.field);
    this.drawnError = error;
  }

  override render() {
    const step = this.flow.step;
    switch (step.name) {
      case 'code':
        return this.renderCode();
      case 'request':
        return this.renderRequest(step.request, step.devices);
      case 'approved':
        return this.renderApproved(step.device);
      case 'declined':
        return html`<div class="done" role="status">
            <h3 tabindex="-1">Declined</h3>
            <p>${requestTitle(step.request)} was not let in. Its screen says so; it can ask again.</p>
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
      <button ?disabled=${this.flow.status === 'pending'}>Continue</button>
    </form>`;
  }

  private renderRequest(request: EnrollmentRequestView, devices: HouseholdDevice[]) {
    const expired = Date.parse(request.expiresAt) <= Date.now();
    const sameKind = devices.filter((d) => d.kind === request.kind);
    const isTv = request.kind === 'stb';
    const { choice, error } = this.flow;
    const asInvalid = error?.field === 'as';
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
                .checked=${choice === d.id}
                @change=${() => this.flow.choose(d.id)}
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
                    .checked=${choice === NEW_SCREEN}
                    @change=${() => this.flow.choose(NEW_SCREEN)}
                  />A new screen</label
                >
                ${choice === NEW_SCREEN ? this.renderNewScreen() : nothing}`
            : nothing
        }
        ${asInvalid ? html`<p class="error" role="alert">${error.message}</p>` : nothing}
      </fieldset>
      ${formError(this.errorOn(''))}
      <div class="actions">
        <button ?disabled=${this.flow.status === 'pending' || expired}>Approve</button>
        <button
          type="button"
          class="secondary"
          ?disabled=${this.flow.status === 'pending' || expired}
          @click=${this.flow.decline}
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
  private errorOn(field: EnrollmentErrorField): string | null {
    const error = this.flow.error;
    return error?.field === field ? error.message : null;
  }

  private onCodeSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    void this.flow.lookUp(this.code);
  };

  private onApprove = (e: SubmitEvent) => {
    const data = submittedData(e);
    this.flow.approve({ room: formText(data, 'room'), name: formText(data, 'name') });
  };
}

customElements.define('enroll-device', EnrollDevice);

declare global {
  interface HTMLElementTagNameMap {
    'enroll-device': EnrollDevice;
  }
}
