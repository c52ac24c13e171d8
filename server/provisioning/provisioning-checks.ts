import { randomInt } from 'node:crypto';
import {
  ErrorCode,
  type DirectoryDevice,
  type DirectoryKind,
  type PolicyConfig,
} from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import type { Device } from '../identity/device-repository.ts';
import type { Database } from '../store/database.ts';

/** The rules a joint account's setup checks, the refusals it answers with, and the ids it makes. */

/**
 * The configuration may only name the linked accounts' devices: a relationship goes from a phone to an STB, and
 * privacy is set for STBs. The first problem is answered with the field it is in.
 */
export function checkConfig(config: PolicyConfig, devices: readonly (DirectoryDevice | Device)[]): void {
  const byId = new Map(devices.map((d) => [d.id, d]));
  const ids = new Set<string>();
  config.relationships.forEach((r, i) => {
    const at = `config.relationships.${i}`;
    if (ids.has(r.id)) throw notOwned(`${at}.id`, 'two relationships have the same id');
    ids.add(r.id);
    if (byId.get(r.sourceDeviceId)?.kind !== 'phone') {
      throw notOwned(`${at}.sourceDeviceId`, 'a relationship starts at a phone of the linked accounts');
    }
    if (byId.get(r.targetDeviceId)?.kind !== 'stb') {
      throw notOwned(`${at}.targetDeviceId`, 'a relationship ends at a TV box of the linked accounts');
    }
  });
  for (const stbId of Object.keys(config.privacy)) {
    if (byId.get(stbId)?.kind !== 'stb')
      throw notOwned(`config.privacy.${stbId}`, 'privacy is set for TV boxes of the linked accounts');
  }
}

/** A carrier account in a joint account already (this one or another) cannot be linked again. */
export async function refuseIfJoined(
  store: Pick<Database, 'accounts'>,
  directory: DirectoryKind,
  accountId: string,
  carrierName: string,
): Promise<void> {
  const joined = await store.accounts.findOf(directory, accountId);
  if (joined) {
    throw new ApiError(
      ErrorCode.AccountAlreadyLinked,
      `this ${carrierName} account is in joint account ${joined} already: log into it to change its rules`,
    );
  }
}

/** A device in a joint account already cannot join another. */
export async function refuseDevicesJoined(
  store: Pick<Database, 'accounts' | 'devices'>,
  devices: readonly DirectoryDevice[],
): Promise<void> {
  for (const device of devices) {
    const existing = await store.devices.get(device.id);
    if (existing && (await store.accounts.get(existing.householdId))) {
      throw new ApiError(
        ErrorCode.AccountAlreadyLinked,
        `${device.name} is in another joint account already`,
      );
    }
  }
}

export function notOwned(field: string, message: string): ApiError {
  return new ApiError(ErrorCode.DeviceNotOwned, message, { field });
}

export function loginRefusal(
  outcome: { reason: 'wrong'; attemptsLeft: number } | { reason: 'locked'; retryAfterMs: number },
) {
  return outcome.reason === 'locked'
    ? new ApiError(ErrorCode.LoginLocked, 'too many wrong passwords for this joint account', {
        retryAfterSec: Math.ceil(outcome.retryAfterMs / 1000),
      })
    : new ApiError(ErrorCode.LoginFailed, 'wrong joint account id or password', {
        attemptsLeft: outcome.attemptsLeft,
        field: 'password',
      });
}

/** "ja-k7m3q9xz": short enough to type, 40 random bits, no look-alike letters. */
export function newJointAccountId(): string {
  return `ja-${randomChars('abcdefghjkmnpqrstuvwxyz23456789', 8)}`;
}

/** What the carriers bill the joint service under: "CL-4821-0937". */
export function newBillingCode(): string {
  return `CL-${randomChars('0123456789', 4)}-${randomChars('0123456789', 4)}`;
}

function randomChars(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
