import * as v from 'valibot';
import {
  AccountLinking,
  AccountUnlinked,
  DeliveryLogView,
  DeviceOffer,
  EnrollmentApproved,
  EnrollmentRequestView,
  ErrorCode,
  HouseholdDevice,
  HouseholdDeviceList,
  JointAccountSaved,
  JointAccountView,
  ProvisioningSession,
  ProvisioningState,
  type CreateJointAccount,
  type DeviceRename,
  type EnrollmentApproval,
  type ErrorBody,
  type ErrorDetails,
  type JointAccountLogin,
  type PolicyConfig,
  type ProvisioningLogin,
  type SecondAccount,
} from '../../protocol/index.ts';
import type { EnrollmentApprover } from './enroll-device.ts';
import type { HouseholdDevicesApi } from './household-devices.ts';

/** A refusal from the setup API, with the field it is about (so the page can put the message next to it). */
export class AccountApiError extends Error {
  override name = 'AccountApiError';
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(status: number, code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Which alerts the delivery log shows: one device's, one kind's ('' for all). */
export interface DeliveryLogFilter {
  device?: string;
  kind?: string;
}

/** A joint account's enrollment and devices routes, as the "Add a TV or phone" form and the devices list use them. */
export interface HouseholdApis {
  jointAccountId: string;
  approver: EnrollmentApprover;
  devices: HouseholdDevicesApi;
}

/**
 * The setup page's client for `/api/provisioning/*` and `/api/joint-accounts/*`. It holds the session token of
 * the current step (or of the joint account once made) and validates every answer with protocol/.
 */
export class AccountApi {
  private readonly baseUrl: string;
  private token = '';

  constructor(baseUrl = window.location.origin) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  async login(request: ProvisioningLogin): Promise<ProvisioningState> {
    const session = await this.call('POST', '/api/provisioning/login', ProvisioningSession, request);
    this.token = session.sessionToken;
    return session.state;
  }

  askForJointAccount(): Promise<ProvisioningState> {
    return this.call('POST', '/api/provisioning/joint-account-request', ProvisioningState);
  }

  secondAccount(request: SecondAccount): Promise<ProvisioningState> {
    return this.call('POST', '/api/provisioning/second-account', ProvisioningState, request);
  }

  state(): Promise<ProvisioningState> {
    return this.call('GET', '/api/provisioning/state', ProvisioningState);
  }

  devices(): Promise<DeviceOffer> {
    return this.call('GET', '/api/provisioning/devices', DeviceOffer);
  }

  async create(request: CreateJointAccount): Promise<JointAccountSaved> {
    const saved = await this.call('POST', '/api/provisioning/joint-account', JointAccountSaved, request);
    this.token = saved.sessionToken;
    return saved;
  }

  async jointLogin(request: JointAccountLogin): Promise<JointAccountView> {
    const answer = await this.call(
      'POST',
      '/api/joint-accounts/login',
      v.strictObject({ sessionToken: v.string(), account: JointAccountView }),
      request,
    );
    this.token = answer.sessionToken;
    return answer.account;
  }

  saveConfig(jointAccountId: string, config: PolicyConfig): Promise<JointAccountSaved> {
    return this.call(
      'PUT',
      `/api/joint-accounts/${encodeURIComponent(jointAccountId)}/config`,
      JointAccountSaved,
      {
        config,
      },
    );
  }

  /** A page of the delivery log: alerts newest first, of one device or kind when asked, older than `before`. */
  deliveryLog(
    jointAccountId: string,
    query: DeliveryLogFilter & { before?: string } = {},
  ): Promise<DeliveryLogView> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    // Not `params.size`: WPE 2.38 (RDK's engine) does not have it.
    const search = params.toString() ? `?${params.toString()}` : '';
    return this.call('GET', `${this.jointPath(jointAccountId)}/delivery-log${search}`, DeliveryLogView);
  }

  /** Links one more account (its credentials) or another holder's line (they are asked) to the joint account. */
  linkAccount(jointAccountId: string, request: SecondAccount): Promise<AccountLinking> {
    return this.call('POST', `${this.jointPath(jointAccountId)}/accounts`, AccountLinking, request);
  }

  /** Whether the holder of the line asked for answered (and, if they approved, the line linked). */
  linkState(jointAccountId: string): Promise<AccountLinking> {
    return this.call('GET', `${this.jointPath(jointAccountId)}/accounts/link`, AccountLinking);
  }

  unlinkAccount(jointAccountId: string, linkId: string): Promise<AccountUnlinked> {
    return this.call(
      'DELETE',
      `${this.jointPath(jointAccountId)}/accounts/${encodeURIComponent(linkId)}`,
      AccountUnlinked,
    );
  }

  /** What device asks to join with `userCode` (8 letters, as {@link UserCode} normalises them). */
  enrollmentRequest(jointAccountId: string, userCode: string): Promise<EnrollmentRequestView> {
    return this.call(
      'GET',
      `${this.jointPath(jointAccountId)}/enrollments/${encodeURIComponent(userCode)}`,
      EnrollmentRequestView,
    );
  }

  async approveEnrollment(jointAccountId: string, approval: EnrollmentApproval): Promise<HouseholdDevice> {
    const answer = await this.call(
      'POST',
      `${this.jointPath(jointAccountId)}/enrollments`,
      EnrollmentApproved,
      approval,
    );
    return answer.device;
  }

  async denyEnrollment(jointAccountId: string, userCode: string): Promise<void> {
    await this.call(
      'POST',
      `${this.jointPath(jointAccountId)}/enrollments/${encodeURIComponent(userCode)}/deny`,
      null,
    );
  }

  /** Every phone and TV of the household, enrolled or not. */
  async householdDevices(jointAccountId: string): Promise<HouseholdDevice[]> {
    return (await this.call('GET', `${this.jointPath(jointAccountId)}/devices`, HouseholdDeviceList)).devices;
  }

  renameDevice(jointAccountId: string, deviceId: string, rename: DeviceRename): Promise<HouseholdDevice> {
    return this.call(
      'PATCH',
      `${this.jointPath(jointAccountId)}/devices/${encodeURIComponent(deviceId)}`,
      HouseholdDevice,
      rename,
    );
  }

  /** Removes a device from the household: its tokens stop working at once and it drops off the channel. */
  async removeDevice(jointAccountId: string, deviceId: string): Promise<void> {
    await this.call(
      'DELETE',
      `${this.jointPath(jointAccountId)}/devices/${encodeURIComponent(deviceId)}`,
      null,
    );
  }

  async logout(): Promise<void> {
    if (this.token)
      await fetch(`${this.baseUrl}/api/joint-accounts/logout`, { method: 'POST', headers: this.headers() });
    this.token = '';
  }

  /** The joint account's enrollment and devices routes, bound to it. */
  householdApis(jointAccountId: string): HouseholdApis {
    return {
      jointAccountId,
      approver: {
        request: (userCode) => this.enrollmentRequest(jointAccountId, userCode),
        approve: (approval) => this.approveEnrollment(jointAccountId, approval),
        deny: (userCode) => this.denyEnrollment(jointAccountId, userCode),
        devices: () => this.householdDevices(jointAccountId),
      },
      devices: {
        list: () => this.householdDevices(jointAccountId),
        rename: (deviceId, rename) => this.renameDevice(jointAccountId, deviceId, rename),
        remove: (deviceId) => this.removeDevice(jointAccountId, deviceId),
      },
    };
  }

  private jointPath(jointAccountId: string): string {
    return `/api/joint-accounts/${encodeURIComponent(jointAccountId)}`;
  }

  /** One request; `schema` null for an answer with no body (204). */
  private async call<S extends v.GenericSchema>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<v.InferOutput<S>>;
  private async call(method: string, path: string, schema: null, body?: unknown): Promise<void>;
  private async call(
    method: string,
    path: string,
    schema: v.GenericSchema | null,
    body?: unknown,
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...this.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new AccountApiError(
        0,
        ErrorCode.Internal,
        'Couchline cannot be reached: check the connection and try again',
      );
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (json as ErrorBody | null)?.error;
      throw new AccountApiError(
        response.status,
        error?.code ?? ErrorCode.Internal,
        error?.message ?? `the server answered ${response.status}`,
        error?.details,
      );
    }
    return schema ? v.parse(schema, json) : undefined;
  }

  private headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}
