import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import {
  ErrorCode,
  formatPhoneNumber,
  PhoneEnrollment,
  validate,
  type EnrollmentGranted,
} from '../../protocol/index.ts';
import { CARRIERS, errorText, type CodedError } from '../account/wording.ts';
import { focusInvalidField, formError, labelledField } from '../shared/form-fields.ts';
import { invalidAndFocusStyles } from '../shared/form-styles.ts';
import { enrollPhone, PHONE_PAGE_VERSION } from './phone-enrollment.ts';

/** Why the phone asks to sign in: it never has, its household removed it, or its sign-in no longer works. */
export type SignInReason = 'new' | 'removed' | 'expired';

/** `phone:enrolled` bubbles out of the form once the wireless account let the phone in. */
export interface PhoneEnrolledPayload {
  grant: EnrollmentGranted;
  /** The line, as digits. */
  phoneNumber: string;
}

type Field = 'username' | 'password' | 'phoneNumber' | '';

const HEADINGS: Record<SignInReason, string> = {
  new: 'Sign in to your wireless account to use this phone',
  removed: 'This phone was removed from the household',
  expired: 'This phone needs to sign in again',
};

const EXPLANATIONS: Record<SignInReason, string> = {
  new: `Your ${CARRIERS.wireless} user name and password prove this phone holds its line.`,
  removed: `It no longer receives the household's voicemail or texts. Sign in to your ${CARRIERS.wireless} account to use it again.`,
  expired: `Its sign-in is no longer valid. Sign in to your ${CARRIERS.wireless} account to go on.`,
};

/**
 * The phone's sign-in: user name, password and the phone number (pre-filled when the page knows it), sent to
 * `POST /api/enroll/phone`. Says what went wrong next to the field it is about (tries left, locked for how long,
 * a line that is not that account's); on success it emits `phone:enrolled` with the grant.
 */
export class PhoneSignIn extends LitElement {
  static override properties = {
    apiUrl: { attribute: 'api-url' },
    reason: {},
    phoneNumber: { attribute: 'phone-number' },
    status: { state: true },
    error: { state: true },
  };

  static override styles = [
    css`
      :host {
        display: block;
        padding: 16px;
      }
      h2 {
        font-size: 18px;
        margin: 0 0 8px;
      }
      h2:focus {
        outline: none;
      }
      p {
        margin: 0 0 12px;
        color: #5b6475;
      }
      .removed {
        color: #7a1c14;
        background: #fdecea;
        border-radius: 12px;
        padding: 10px 12px;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin: 0 0 12px;
      }
      input,
      button {
        font: inherit;
        box-sizing: border-box;
        max-width: 100%;
      }
      input {
        padding: 8px 10px;
        border-radius: 8px;
        border: 1px solid #c4cad6;
      }
      button {
        padding: 8px 20px;
        border-radius: 18px;
        border: 1px solid #1f6feb;
        background: #1f6feb;
        color: #fff;
        cursor: pointer;
      }
      button[disabled] {
        opacity: 0.6;
      }
      .error {
        color: #b3261e;
        font-weight: 600;
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
    invalidAndFocusStyles,
  ];

  declare apiUrl: string;
  declare reason: SignInReason;
  /** The line as the page knows it (digits), to pre-fill. */
  declare phoneNumber: string;
  declare status: 'initial' | 'pending' | 'complete' | 'error';
  declare error: { field: Field; message: string } | null;

  constructor() {
    super();
    this.apiUrl = window.location.origin;
    this.reason = 'new';
    this.phoneNumber = '';
    this.status = 'initial';
    this.error = null;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('error') && this.error?.field) focusInvalidField(this.renderRoot, this.error.field);
  }

  override render() {
    return html`<form @submit=${this.onSubmit} novalidate>
      <h2 tabindex="-1" data-testid="sign-in-heading">${HEADINGS[this.reason]}</h2>
      <p
        class=${this.reason === 'removed' ? 'removed' : ''}
        role=${this.reason === 'new' ? nothing : 'alert'}
      >
        ${EXPLANATIONS[this.reason]}
      </p>
      ${this.field('username', 'User name', 'text', 'username', '')}
      ${this.field('password', 'Password', 'password', 'current-password', '')}
      ${this.field('phoneNumber', 'This phone’s number', 'tel', 'tel', this.phoneNumber ? formatPhoneNumber(this.phoneNumber) : '')}
      ${formError(this.errorOn(''))}
      <button ?disabled=${this.status === 'pending'}>Sign in</button>
    </form>`;
  }

  private field(name: Exclude<Field, ''>, label: string, type: string, autocomplete: string, value: string) {
    return labelledField(
      { id: `sign-in-${name}`, label, error: this.errorOn(name) },
      (aria) =>
        html`<input
          id="sign-in-${name}"
          name=${name}
          type=${type}
          autocomplete=${autocomplete}
          data-field=${name}
          .value=${value}
          aria-invalid=${aria.invalid}
          aria-describedby=${aria.describedBy}
        />`,
    );
  }

  /** The error's message when it is about `field` ('' for the whole form), else null. */
  private errorOn(field: Field): string | null {
    return this.error?.field === field ? this.error.message : null;
  }

  private onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    if (this.status === 'pending') return;
    const data = new FormData(e.target as HTMLFormElement);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const checked = validate(PhoneEnrollment, {
      username: text('username'),
      password: text('password'),
      phoneNumber: text('phoneNumber'),
      appVersion: PHONE_PAGE_VERSION,
    });
    if (!checked.ok) {
      const field = (checked.field ?? '') as Field;
      this.error = { field, message: capitalise(checked.message.replace(/^[\w.]+: /, '')) };
      return;
    }
    void this.signIn(checked.value);
  };

  private async signIn(request: PhoneEnrollment): Promise<void> {
    this.status = 'pending';
    this.error = null;
    try {
      const grant = await enrollPhone(this.apiUrl, request);
      this.status = 'complete';
      this.dispatchEvent(
        new CustomEvent<PhoneEnrolledPayload>('phone:enrolled', {
          detail: { grant, phoneNumber: request.phoneNumber },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      this.status = 'error';
      this.error = signInError(error);
    }
  }
}

/** A refused sign-in, worded for the person and put next to the field it is about. */
function signInError(error: unknown): { field: Field; message: string } {
  const coded = error as Partial<CodedError>;
  if (typeof coded.code !== 'string')
    return { field: '', message: `Something went wrong: ${(error as Error).message}` };
  switch (coded.code) {
    case ErrorCode.LoginFailed:
      return { field: 'password', message: errorText(coded as CodedError) };
    case ErrorCode.LoginLocked:
      return { field: '', message: errorText(coded as CodedError) };
    case ErrorCode.Forbidden:
      return { field: 'phoneNumber', message: 'That number is not a line of this wireless account' };
    case ErrorCode.LineNotFound:
      return { field: 'phoneNumber', message: `No ${CARRIERS.wireless} account has that number` };
    case ErrorCode.EnrollNotInHousehold:
      return {
        field: '',
        message: 'This line is in no household yet: link it on the setup page first, then sign in here',
      };
    default:
      return { field: '', message: errorText(coded as CodedError) };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

customElements.define('phone-sign-in', PhoneSignIn);

declare global {
  interface HTMLElementTagNameMap {
    'phone-sign-in': PhoneSignIn;
  }
}
