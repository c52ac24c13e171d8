import type { ReactiveControllerHost } from 'lit';
import * as v from 'valibot';
import {
  ErrorCode,
  formatUserCode,
  UserCode,
  type EnrollAs,
  type EnrollmentRequestView,
  type HouseholdDevice,
} from '../../protocol/index.ts';
import type {
  EnrollmentApprovedPayload,
  EnrollmentApprover,
  EnrollmentDeclinedPayload,
} from './enroll-device.ts';
import { enrollErrorText, type CodedError } from './wording.ts';

/** Where "Add a TV or phone" is: the code form, what asks to join, or the answer given. */
export type EnrollmentStep =
  | { name: 'code' }
  | { name: 'request'; request: EnrollmentRequestView; devices: HouseholdDevice[] }
  | { name: 'approved'; device: HouseholdDevice }
  | { name: 'declined'; request: EnrollmentRequestView };

/** What an error is about: a field, or '' for the whole form. */
export type EnrollmentErrorField = 'code' | 'as' | 'room' | 'name' | '';

export interface EnrollmentError {
  field: EnrollmentErrorField;
  message: string;
}

/** The choice for a new screen, next to the ids of existing devices. */
export const NEW_SCREEN = 'new';

/** What the flow needs of its element: who approves, and the code in the form. */
export interface EnrollmentFlowHost extends ReactiveControllerHost, EventTarget {
  readonly approver: EnrollmentApprover | null;
  /** The code as typed: written back normalised (WDJB-MJHT) once it is found, and emptied for another device. */
  code: string;
}

/**
 * What "Add a TV or phone" does ({@link EnrollDevice} draws it): looks a code up, approves it as the chosen device
 * (or a new screen, named by room) or declines it, and says where each refusal shows — a code that expired while it
 * was shown goes back to the code form. The answer bubbles out of the element as `enrollment:approved` or
 * `enrollment:declined`. Every change asks the element to draw again.
 */
export class EnrollmentFlow {
  step: EnrollmentStep = { name: 'code' };
  status: 'initial' | 'pending' | 'complete' | 'error' = 'initial';
  error: EnrollmentError | null = null;
  /** The device it is: an existing device's id, {@link NEW_SCREEN}, or '' while nothing is chosen. */
  choice = '';
  private readonly host: EnrollmentFlowHost;

  constructor(host: EnrollmentFlowHost) {
    this.host = host;
  }

  /** Back to an empty code form (another device to add). */
  reset = (): void => {
    this.host.code = '';
    this.set({ step: { name: 'code' }, error: null, status: 'initial', choice: '' });
  };

  choose(choice: string): void {
    this.set({ choice });
  }

  async lookUp(raw: string): Promise<void> {
    const parsed = v.safeParse(UserCode, raw);
    if (!parsed.success) {
      const message = raw.trim() ? 'A code is 8 letters, like WDJB-MJHT' : 'Type the code the screen shows';
      this.set({ error: { field: 'code', message } });
      return;
    }
    const userCode = parsed.output;
    await this.run('code', userCode, async (approver) => {
      const [request, devices] = await Promise.all([approver.request(userCode), approver.devices()]);
      const sameKind = devices.filter((d) => d.kind === request.kind);
      this.host.code = formatUserCode(userCode);
      // Nothing is chosen for the person unless there is nothing to choose between.
      const choice = sameKind.length === 0 && request.kind === 'stb' ? NEW_SCREEN : '';
      this.set({ choice, step: { name: 'request', request, devices } });
    });
  }

  /** Approves the code as the chosen device; a new screen is named by its room (and a name, or "<room> TV"). */
  approve(newScreen: { room: string; name: string }): void {
    const step = this.step;
    if (step.name !== 'request') return;
    let as: EnrollAs;
    if (this.choice === NEW_SCREEN) {
      const { room } = newScreen;
      if (!room) {
        this.set({ error: { field: 'room', message: 'Say which room the new screen is in' } });
        return;
      }
      as = { name: newScreen.name || `${room} TV`, room };
    } else if (this.choice) {
      as = { deviceId: this.choice };
    } else {
      const message = step.request.kind === 'stb' ? 'Choose which TV it is' : 'Choose which phone it is';
      this.set({ error: { field: 'as', message } });
      return;
    }
    const userCode = step.request.userCode;
    void this.run('', userCode, async (approver) => {
      const device = await approver.approve({ userCode, as });
      this.set({ step: { name: 'approved', device } });
      this.emit<EnrollmentApprovedPayload>('enrollment:approved', { device });
    });
  }

  decline = (): void => {
    const step = this.step;
    if (step.name !== 'request') return;
    const { userCode } = step.request;
    void this.run('', userCode, async (approver) => {
      await approver.deny(userCode);
      this.set({ step: { name: 'declined', request: step.request } });
      this.emit<EnrollmentDeclinedPayload>('enrollment:declined', { userCode });
    });
  };

  private async run(
    field: 'code' | '',
    userCode: string,
    work: (approver: EnrollmentApprover) => Promise<void>,
  ): Promise<void> {
    const approver = this.host.approver;
    if (this.status === 'pending' || !approver) return;
    this.set({ status: 'pending', error: null });
    try {
      await work(approver);
      this.set({ status: 'complete' });
    } catch (error) {
      this.set({ status: 'error' });
      this.fail(field, userCode, error);
    }
  }

  private fail(field: 'code' | '', userCode: string, error: unknown): void {
    if (!isCoded(error)) {
      this.set({ error: { field, message: `Something went wrong: ${(error as Error).message}` } });
      return;
    }
    // A code that was fine a moment ago and is refused now has expired, or another approver used it.
    if (this.step.name === 'request' && error.code === ErrorCode.EnrollCodeUnknown) {
      const message = `The code ${formatUserCode(userCode)} has expired or was used already: ask the screen for a new one`;
      this.set({ step: { name: 'code' }, error: { field: 'code', message } });
      return;
    }
    const message = enrollErrorText(error, userCode);
    if (error.code === ErrorCode.DeviceNotOwned) {
      this.set({ error: { field: 'as', message } });
      return;
    }
    const onCode = error.code === ErrorCode.EnrollCodeUnknown || error.code === ErrorCode.EnrollGuessLimited;
    this.set({ error: { field: onCode ? 'code' : field, message } });
  }

  private set(change: Partial<Pick<EnrollmentFlow, 'step' | 'status' | 'error' | 'choice'>>): void {
    Object.assign(this, change);
    this.host.requestUpdate();
  }

  private emit<T>(name: string, detail: T): void {
    this.host.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }
}

function isCoded(error: unknown): error is CodedError {
  return error instanceof Error && typeof (error as Partial<CodedError>).code === 'string';
}
