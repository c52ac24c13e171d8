import * as v from 'valibot';
import {
  Consent,
  ConsentList,
  DirectoryAccount,
  DirectoryDevice,
  DirectoryDeviceList,
  ErrorCode,
  type DirectoryKind,
} from '../../protocol/index.ts';
import { callPartnerApi, type PartnerApi } from '../http/partner-api.ts';

/**
 * How our provisioning service talks to a carrier's account directory (the wireless carrier's or the cable
 * operator's). The simulators implement the HTTP side; a real carrier integration is another implementation of
 * this interface. Failures are {@link CarrierError}s with the directory's stable code (LOGIN_FAILED,
 * LOGIN_LOCKED, LINE_NOT_FOUND, …) or DIRECTORY_UNAVAILABLE.
 */
export interface AccountDirectory {
  readonly kind: DirectoryKind;
  /** The carrier's name, for people ("XYZ Wireless"). */
  readonly carrierName: string;
  login(username: string, password: string): Promise<DirectoryAccount>;
  listDevices(accountId: string): Promise<DirectoryDevice[]>;
  /** A device and the account it is on. */
  getDevice(deviceId: string): Promise<{ device: DirectoryDevice; account: DirectoryAccount }>;
  /** The account a phone line is on (wireless directories). */
  findLine(phoneNumber: string): Promise<DirectoryAccount>;
  /** Asks the line's holder to consent; they answer on their phone. */
  askConsent(line: string, requesterName: string, purpose: string): Promise<Consent>;
  getConsent(consentId: string): Promise<Consent>;
  /** Consents still waiting for the holder of this line. */
  pendingConsents(line: string): Promise<Consent[]>;
  decideConsent(consentId: string, approve: boolean): Promise<Consent>;
}

/** A directory's partner API over HTTP (`/v1/...`), with our API key. */
export class HttpAccountDirectory implements AccountDirectory {
  readonly kind: DirectoryKind;
  readonly carrierName: string;
  private readonly api: PartnerApi;

  constructor(options: {
    kind: DirectoryKind;
    carrierName: string;
    baseUrl: string;
    apiKey: string;
    timeoutMs?: number;
  }) {
    this.kind = options.kind;
    this.carrierName = options.carrierName;
    this.api = {
      baseUrl: `${options.baseUrl.replace(/\/$/, '')}/v1`,
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? 10_000,
      name: `${options.carrierName}'s account directory`,
      unavailableCode: ErrorCode.DirectoryUnavailable,
    };
  }

  async login(username: string, password: string): Promise<DirectoryAccount> {
    return this.json('POST', '/logins', DirectoryAccount, { username, password });
  }

  async listDevices(accountId: string): Promise<DirectoryDevice[]> {
    const list = await this.json(
      'GET',
      `/accounts/${encodeURIComponent(accountId)}/devices`,
      DirectoryDeviceList,
    );
    return list.devices;
  }

  getDevice(deviceId: string) {
    return this.json(
      'GET',
      `/devices/${encodeURIComponent(deviceId)}`,
      v.strictObject({ device: DirectoryDevice, account: DirectoryAccount }),
    );
  }

  findLine(phoneNumber: string): Promise<DirectoryAccount> {
    return this.json('GET', `/lines/${encodeURIComponent(phoneNumber)}`, DirectoryAccount);
  }

  askConsent(line: string, requesterName: string, purpose: string): Promise<Consent> {
    return this.json('POST', '/consents', Consent, { line, requesterName, purpose });
  }

  getConsent(consentId: string): Promise<Consent> {
    return this.json('GET', `/consents/${encodeURIComponent(consentId)}`, Consent);
  }

  async pendingConsents(line: string): Promise<Consent[]> {
    return (await this.json('GET', `/lines/${encodeURIComponent(line)}/consents`, ConsentList)).consents;
  }

  decideConsent(consentId: string, approve: boolean): Promise<Consent> {
    return this.json('POST', `/consents/${encodeURIComponent(consentId)}/decision`, Consent, { approve });
  }

  private async json<S extends v.GenericSchema>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<v.InferOutput<S>> {
    const response = await callPartnerApi(this.api, method, path, { body });
    return v.parse(schema, await response.json());
  }
}
