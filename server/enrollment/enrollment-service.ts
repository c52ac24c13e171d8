import { randomBytes } from 'node:crypto';
import {
  ErrorCode,
  type BoxEnrollment,
  type DeviceDescription,
  type DirectoryDevice,
  type DirectoryKind,
  type EnrollmentApproval,
  type EnrollmentGranted,
  type EnrollmentRequestView,
  type HouseholdDevice,
  type OperatorEnrolled,
  type PhoneEnrollment,
} from '../../protocol/index.ts';
import type { AccountDirectory } from '../accounts/account-directory.ts';
import { carrier } from '../accounts/carrier-refusal.ts';
import { ApiError } from '../http/api-error.ts';
import { CarrierError } from '../http/partner-api.ts';
import type { DeviceTokens } from '../identity/tokens.ts';
import type { Logger } from '../log.ts';
import type { Device } from '../identity/device-repository.ts';
import type { Database } from '../store/database.ts';
import type { DeviceAuthority } from './device-assertions.ts';
import type { DeviceCodes, Guesser } from './device-codes.ts';
import type { HouseholdDevices } from './household-devices.ts';

/** Puts a SIM for the line in an enrolled phone: the SMS network's URL and a fresh key. Null where none. */
export type IssueSim = (phoneNumber: string) => { networkUrl: string; key: string } | null;

export interface EnrollmentDeps {
  store: Pick<Database, 'accounts' | 'devices' | 'enrollmentCodes' | 'transaction'>;
  tokens: DeviceTokens;
  codes: DeviceCodes;
  devices: HouseholdDevices;
  log: Logger;
  /** The carriers' directories: phones sign in to their wireless account; boxes are looked up at the cable one. */
  directories?: Record<DirectoryKind, AccountDirectory>;
  /** The cable operator's device-auth service, for zero-touch; without it boxes enroll by code. */
  authority?: DeviceAuthority | null;
  issueSim?: IssueSim;
}

/**
 * Every way a device joins a household ends here, so each ends the same way: the device's earlier tokens are
 * revoked (its old socket closes), one new token is issued and shown once, what the device said of itself is
 * recorded, and a phone gets its line's SIM key — the only way that key is ever issued.
 *
 * No path issues a token without the household's approval (a code approved by its session or one of its phones),
 * the box's identity signed by its operator, the line's account password, or the operator's key.
 */
export class EnrollmentService {
  private readonly deps: EnrollmentDeps;
  private readonly store: Pick<Database, 'accounts' | 'devices' | 'enrollmentCodes' | 'transaction'>;

  constructor(deps: EnrollmentDeps) {
    this.deps = deps;
    this.store = deps.store;
  }

  /** Enrollment by code, the device's side: a code to show. */
  startCode(description: DeviceDescription, verificationUri: string, source: string) {
    return this.deps.codes.start(description, verificationUri, source);
  }

  /** The device polls; once approved, it gets its token (once: the code goes with the token, or neither does). */
  async poll(deviceCode: string): Promise<EnrollmentGranted> {
    const code = await this.deps.codes.poll(deviceCode);
    return this.store.transaction(async () => {
      await this.deps.codes.consume(code);
      const device = code.deviceId ? await this.store.devices.get(code.deviceId) : undefined;
      // The device it was approved as was removed in between: the approval is void.
      if (!device || (await this.store.devices.enrollment(device.id))?.removedAt) {
        throw new ApiError(ErrorCode.EnrollExpired, 'this code is no longer valid: ask for a new one');
      }
      this.deps.log.info('enrolled by code', { deviceId: device.id });
      return this.grant(device, code);
    });
  }

  /** What device is showing this code, for the person about to approve it. */
  async lookup(userCode: string, guesser: Guesser): Promise<EnrollmentRequestView> {
    const code = await this.deps.codes.find(userCode, guesser);
    return {
      userCode: code.userCode,
      kind: code.kind,
      platform: code.platform,
      model: code.model,
      appVersion: code.appVersion,
      requestedAt: new Date(code.createdAt).toISOString(),
      expiresAt: new Date(code.expiresAt).toISOString(),
    };
  }

  /**
   * A household member says which of the household's devices the one showing the code is (or adds a display).
   * `displaysOnly`: a phone of the household approving — it may add TVs, but a phone line (and its SIM) is the
   * joint account holder's to hand out, on the setup page.
   */
  async approve(
    approval: EnrollmentApproval,
    guesser: Guesser,
    options: { displaysOnly?: boolean } = {},
  ): Promise<HouseholdDevice> {
    const code = await this.deps.codes.find(approval.userCode, guesser);
    if (options.displaysOnly && code.kind !== 'stb') {
      throw notOwned('userCode', 'a phone joins by signing in to its line, or on the setup page');
    }
    const householdId = guesser.householdId;
    const device = await this.store.transaction(async () => {
      let device: Device;
      if ('deviceId' in approval.as) {
        const named = await this.store.devices.get(approval.as.deviceId);
        const ours = named && (await this.store.devices.list(householdId)).some((d) => d.id === named.id);
        if (!named || !ours) throw notOwned('as.deviceId', 'that is not a device of this household');
        if (named.kind !== code.kind) {
          throw notOwned(
            'as.deviceId',
            `the device showing the code is a ${code.kind === 'stb' ? 'TV' : 'phone'}`,
          );
        }
        device = named;
      } else {
        if (code.kind !== 'stb') throw notOwned('as', 'a phone joins as its line: choose it');
        device = await this.store.devices.create({
          id: `stb_${randomBytes(9).toString('base64url')}`,
          householdId,
          kind: 'stb',
          name: approval.as.name,
          room: approval.as.room,
          phoneNumber: null,
          ownerName: 'Household',
          origin: 'display',
        });
      }
      await this.deps.codes.approve(code, device.id);
      return device;
    });
    this.deps.log.info('enrollment code approved', { householdId, deviceId: device.id });
    return await this.deps.devices.view(device);
  }

  async deny(userCode: string, guesser: Guesser): Promise<void> {
    await this.deps.codes.deny(await this.deps.codes.find(userCode, guesser));
    this.deps.log.info('enrollment code declined', { householdId: guesser.householdId });
  }

  /**
   * Zero-touch: a box of the cable operator proves which box it is with the operator's signed assertion. A box of
   * a cable account in a joint account is enrolled at once — also one the operator added to the account later.
   */
  async enrollBox(request: BoxEnrollment): Promise<EnrollmentGranted> {
    const box = await this.deps.authority?.verify(request.assertion);
    if (!box) {
      throw new ApiError(ErrorCode.EnrollIdentityInvalid, 'the box identity is not valid: enroll by code');
    }
    if (!(await this.store.enrollmentCodes.claimOnce(box.assertionId, box.expiresAt, Date.now()))) {
      throw new ApiError(ErrorCode.EnrollIdentityInvalid, 'that box identity was already used');
    }
    const device = await this.boxInHousehold(box.accountId, box.boxId);
    this.deps.log.info('enrolled by box identity', { deviceId: device.id });
    return this.grant(device, {
      platform: request.platform ?? 'Set-top box',
      model: request.model ?? '',
      appVersion: request.appVersion ?? '',
    });
  }

  /** A phone proves it holds its line by signing in to the line's wireless account. */
  async enrollPhone(request: PhoneEnrollment): Promise<EnrollmentGranted> {
    const wireless = this.directory('wireless');
    const account = await carrier(wireless.login(request.username, request.password), 'password');
    const lines = await carrier(wireless.listDevices(account.accountId));
    const line = lines.find((d) => d.kind === 'phone' && d.phoneNumber === request.phoneNumber);
    if (!line) {
      throw new ApiError(ErrorCode.Forbidden, 'that line is not on this account', {
        field: 'phoneNumber',
      });
    }
    // Known already (a household's, or a line asked to consent); else a place of its own until a joint account
    // links it — so its holder can answer a consent request on it.
    const joint = await this.store.accounts.findOf('wireless', account.accountId);
    const device =
      (await this.store.devices.findPhone(request.phoneNumber)) ??
      (joint
        ? await this.store.devices.create({ ...line, householdId: joint })
        : await this.store.devices.createUnjoined(line));
    this.deps.log.info('phone enrolled by its account', { deviceId: device.id });
    return this.grant(device, { platform: 'Phone', model: '', appVersion: request.appVersion ?? '' });
  }

  /**
   * Operators: every box of these cable accounts, each in a joint account, enrolled with one call. Accounts that
   * cannot be (in no joint account, unknown) are listed with the reason; the others go on.
   */
  async enrollForOperator(cableAccountIds: readonly string[]): Promise<OperatorEnrolled> {
    const cable = this.directory('cable');
    const answer: OperatorEnrolled = { enrolled: [], refused: [] };
    type Listed = { accountId: string; boxes: DirectoryDevice[] } | { accountId: string; error: Refusal };
    const lists = await mapLimited(cableAccountIds, 16, async (accountId): Promise<Listed> => {
      try {
        return { accountId, boxes: (await cable.listDevices(accountId)).filter((d) => d.kind === 'stb') };
      } catch (error) {
        const code = error instanceof CarrierError ? error.code : ErrorCode.Internal;
        return { accountId, error: { code, message: (error as Error).message } };
      }
    });
    await this.store.transaction(async () => {
      for (const list of lists) {
        if ('error' in list) {
          answer.refused.push({ cableAccountId: list.accountId, ...list.error });
          continue;
        }
        const householdId = await this.store.accounts.findOf('cable', list.accountId);
        if (!householdId) {
          answer.refused.push({
            cableAccountId: list.accountId,
            code: ErrorCode.EnrollNotInHousehold,
            message: 'this cable account is in no joint account',
          });
          continue;
        }
        for (const box of list.boxes) {
          const known = await this.store.devices.get(box.id);
          let device: Device;
          try {
            device = known
              ? await this.boxOf(known, householdId)
              : await this.store.devices.create({ ...box, householdId });
          } catch (error) {
            answer.refused.push({
              cableAccountId: list.accountId,
              code: error instanceof ApiError ? error.code : ErrorCode.Internal,
              message: `${box.id}: ${(error as Error).message}`,
            });
            continue;
          }
          const granted = await this.grant(device, {
            platform: 'Operator provisioning',
            model: '',
            appVersion: '',
          });
          answer.enrolled.push({
            deviceId: device.id,
            name: device.name,
            cableAccountId: list.accountId,
            jointAccountId: householdId,
            token: granted.token,
          });
        }
      }
    });
    this.deps.log.info('operator enrollment', {
      enrolled: answer.enrolled.length,
      refused: answer.refused.length,
    });
    return answer;
  }

  /** Demo only (`/api/demo/pair`, the demo household's devices on a loopback backend): no approval asked. */
  async pairDemoDevice(device: Device): Promise<EnrollmentGranted> {
    const enrollment = await this.store.devices.enrollment(device.id);
    if (enrollment?.heldAt != null || enrollment?.removedAt != null) {
      throw new ApiError(ErrorCode.Forbidden, 'the household removed this device: it joins again by code');
    }
    return this.grant(device, { platform: 'Demo', model: '', appVersion: '' });
  }

  /** The box as a device of the joint account its cable account is in; a box new to us is added to it. */
  private async boxInHousehold(accountId: string, boxId: string): Promise<Device> {
    const householdId = await this.store.accounts.findOf('cable', accountId);
    if (!householdId) {
      throw new ApiError(ErrorCode.EnrollNotInHousehold, 'this box is on no account of a joint account');
    }
    const known = await this.store.devices.get(boxId);
    if (known) return this.boxOf(known, householdId);
    // The operator's directory is the record of which box is on which account.
    const { device, account } = await carrier(this.directory('cable').getDevice(boxId));
    if (account.accountId !== accountId || device.kind !== 'stb') {
      throw new ApiError(ErrorCode.EnrollIdentityInvalid, 'the box is not on that account');
    }
    // Two assertions of one new box at once: the second finds the first one's row.
    const raced = await this.store.devices.get(boxId);
    return raced
      ? this.boxOf(raced, householdId)
      : await this.store.devices.create({ ...device, householdId });
  }

  /** A known box may enroll by itself only if it is a box of this household the household has not removed. */
  private async boxOf(known: Device, householdId: string): Promise<Device> {
    const enrollment = await this.store.devices.enrollment(known.id);
    if (known.householdId !== householdId || known.kind !== 'stb' || enrollment?.origin !== 'carrier') {
      throw new ApiError(ErrorCode.AccountAlreadyLinked, 'this box belongs to another household');
    }
    if (enrollment.heldAt !== null || enrollment.removedAt !== null) {
      throw new ApiError(ErrorCode.Forbidden, 'the household removed this box: approve it again with a code');
    }
    return known;
  }

  private async grant(
    device: Device,
    description: { platform: string; model: string; appVersion: string },
  ): Promise<EnrollmentGranted> {
    const now = Date.now();
    const token = await this.store.transaction(async () => {
      const token = await this.deps.tokens.replace(device.id);
      await this.store.devices.setEnrolled(device.id, description, now);
      return token;
    });
    const sim =
      device.kind === 'phone' && device.phoneNumber ? this.deps.issueSim?.(device.phoneNumber) : null;
    const current = (await this.store.devices.get(device.id)) ?? device;
    return {
      deviceId: device.id,
      token,
      kind: device.kind,
      name: current.name,
      room: current.room,
      ...(sim ? { sim } : {}),
    };
  }

  private directory(kind: DirectoryKind): AccountDirectory {
    const directory = this.deps.directories?.[kind];
    if (!directory) throw new ApiError(ErrorCode.DirectoryUnavailable, 'no account directory is configured');
    return directory;
  }
}

interface Refusal {
  code: string;
  message: string;
}

function notOwned(field: string, message: string): ApiError {
  return new ApiError(ErrorCode.DeviceNotOwned, message, { field });
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
