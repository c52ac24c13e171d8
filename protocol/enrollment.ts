import * as v from 'valibot';
import { PhoneNumber } from './phone-number.ts';
import { DeviceKind } from './rest.ts';

/**
 * How a real device joins a household and gets its device token (DESIGN.md §2; docs/architecture.md).
 *
 * - **By code** (the shape of OAuth 2.0 Device Authorization, RFC 8628): the TV asks for a code
 *   (`POST /api/enroll/codes`), shows "Go to … and enter WDJB-MJHT", and polls `POST /api/enroll/token` at the
 *   interval given. A household member approves the code on the setup page (or on a phone of the household),
 *   saying which TV it is; the next poll answers with the device token.
 * - **By the box's own identity** (zero-touch, operator boxes): the box asks the cable operator's device-auth
 *   service for a short-lived signed assertion of which box it is, and hands it to `POST /api/enroll/box`.
 * - **Phones**: by signing in to their line's wireless account (`POST /api/enroll/phone`), or by code.
 * - **Operators**: bulk enrollment of a cable account's boxes with the operator key (`POST /api/operator/enrollments`).
 *
 * Poll answers that are not a token use the RFC's four outcomes as error codes: `AUTHORIZATION_PENDING`,
 * `SLOW_DOWN` (`details.retryAfterSec` is the new interval), `EXPIRED_TOKEN`, `ACCESS_DENIED`.
 */

/** The code alphabet: 20 consonants, no vowels (no words) and nothing that looks like a digit (RFC 8628 §6.1). */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
/** "WDJBMJHT", shown as "WDJB-MJHT". */
export const USER_CODE_LENGTH = 8;

/**
 * A code as a person types it: any case, with or without the dash or spaces; normalised to 8 letters.
 *
 * @example
 * ```ts
 * v.parse(UserCode, 'wdjb mjht'); // 'WDJBMJHT'
 * ```
 */
export const UserCode = v.pipe(
  v.string(),
  v.maxLength(32, 'a code is 8 letters'),
  v.transform((raw) => raw.toUpperCase().replace(/[\s-]/g, '')),
  v.regex(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/, 'a code is 8 letters, like WDJB-MJHT'),
);

/** "WDJBMJHT" → "WDJB-MJHT". */
export function formatUserCode(code: string): string {
  return code.length === USER_CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

const Label = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

/** What a device says of itself when it asks to join: shown to whoever approves it. */
export const DeviceDescription = v.strictObject({
  kind: DeviceKind,
  /** The platform's name ("Samsung Tizen", "LG webOS", "RDK", "Browser"). */
  platform: Label(32),
  model: v.pipe(v.string(), v.trim(), v.maxLength(64)),
  appVersion: v.pipe(v.string(), v.trim(), v.maxLength(32)),
});
export type DeviceDescription = v.InferOutput<typeof DeviceDescription>;

/** `POST /api/enroll/codes`: a device that has no token asks for a code to show. */
export const EnrollmentStart = DeviceDescription;
export type EnrollmentStart = v.InferOutput<typeof EnrollmentStart>;

/** The answer (201): RFC 8628 §3.2's fields, camel-cased. */
export const EnrollmentCode = v.strictObject({
  /** Secret: only the device polls with it. */
  deviceCode: v.string(),
  /** What the person types: 8 letters, shown as "WDJB-MJHT". */
  userCode: v.string(),
  /** The setup page's URL, to show ("Go to …"). */
  verificationUri: v.string(),
  /** The same with the code filled in: what the QR code holds. */
  verificationUriComplete: v.string(),
  expiresIn: v.number(),
  /** Seconds between polls; `SLOW_DOWN` raises it. */
  interval: v.number(),
});
export type EnrollmentCode = v.InferOutput<typeof EnrollmentCode>;

/** `POST /api/enroll/token`: the device polls. */
export const EnrollmentPoll = v.strictObject({
  deviceCode: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
});
export type EnrollmentPoll = v.InferOutput<typeof EnrollmentPoll>;

/** What every way of enrolling answers: the device's id and token (shown once), and who it is now. */
export const EnrollmentGranted = v.strictObject({
  deviceId: v.string(),
  token: v.string(),
  kind: DeviceKind,
  name: v.string(),
  room: v.nullable(v.string()),
  /** Phones only: the SIM key for the line on the SMS network, issued to the enrolled phone of that line alone. */
  sim: v.optional(v.strictObject({ networkUrl: v.string(), key: v.string() })),
});
export type EnrollmentGranted = v.InferOutput<typeof EnrollmentGranted>;

/** `GET /api/enroll/config`: where people approve codes, and the operator's device-auth service for zero-touch. */
export const EnrollmentConfig = v.strictObject({
  verificationUri: v.string(),
  /** The cable operator's device-auth service (`POST {url}/device-auth/token`); null where there is none. */
  deviceAuthUrl: v.nullable(v.string()),
});
export type EnrollmentConfig = v.InferOutput<typeof EnrollmentConfig>;

/** Which platform vouches for a box, and the id it knows the box by (DUID, LGUDID, Firebolt device id). */
export const PlatformIdentity = v.strictObject({
  platform: v.picklist(['tizen', 'webos', 'rdk']),
  platformId: Label(128),
});
export type PlatformIdentity = v.InferOutput<typeof PlatformIdentity>;

/** The operator's device-auth service answers a box with a signed assertion (a compact JWS, EdDSA). */
export const DeviceAssertion = v.strictObject({ assertion: v.string(), expiresIn: v.number() });
export type DeviceAssertion = v.InferOutput<typeof DeviceAssertion>;

/** `POST /api/enroll/box`: zero-touch, with the operator's assertion and what the box says of itself. */
export const BoxEnrollment = v.strictObject({
  assertion: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
  platform: v.optional(Label(32)),
  model: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(64))),
  appVersion: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(32))),
});
export type BoxEnrollment = v.InferOutput<typeof BoxEnrollment>;

/** `POST /api/enroll/phone`: a phone proves it holds its line by signing in to the line's wireless account. */
export const PhoneEnrollment = v.strictObject({
  username: v.pipe(v.string(), v.trim(), v.minLength(1, 'enter the user name'), v.maxLength(64)),
  password: v.pipe(v.string(), v.minLength(1, 'enter the password'), v.maxLength(256)),
  phoneNumber: PhoneNumber,
  appVersion: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(32))),
});
export type PhoneEnrollment = v.InferOutput<typeof PhoneEnrollment>;

/** A code waiting for approval, as the approver sees it (`GET …/enrollments/:userCode`). */
export const EnrollmentRequestView = v.strictObject({
  userCode: v.string(),
  kind: DeviceKind,
  platform: v.string(),
  model: v.string(),
  appVersion: v.string(),
  requestedAt: v.string(),
  expiresAt: v.string(),
});
export type EnrollmentRequestView = v.InferOutput<typeof EnrollmentRequestView>;

/** Which device of the household the new one is: an existing one (a box of the cable account), or a new display. */
export const EnrollAs = v.union([
  v.strictObject({ deviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) }),
  v.strictObject({ name: Label(40), room: Label(40) }),
]);
export type EnrollAs = v.InferOutput<typeof EnrollAs>;

/** `POST /api/joint-accounts/:id/enrollments` (setup page) or `POST /api/household/enrollments` (a phone). */
export const EnrollmentApproval = v.strictObject({ userCode: UserCode, as: EnrollAs });
export type EnrollmentApproval = v.InferOutput<typeof EnrollmentApproval>;

/** One phone or TV of a household, as its devices page shows it. */
export const HouseholdDevice = v.strictObject({
  id: v.string(),
  kind: DeviceKind,
  name: v.string(),
  room: v.nullable(v.string()),
  phoneNumber: v.nullable(v.string()),
  ownerName: v.string(),
  /** What it said when it enrolled; null for a device that never has. */
  platform: v.nullable(v.string()),
  model: v.nullable(v.string()),
  appVersion: v.nullable(v.string()),
  /** Whether it holds a valid token now. */
  enrolled: v.boolean(),
  enrolledAt: v.nullable(v.string()),
  lastSeenAt: v.nullable(v.string()),
  /** Connected to the push channel right now. */
  online: v.boolean(),
});
export type HouseholdDevice = v.InferOutput<typeof HouseholdDevice>;

export const HouseholdDeviceList = v.strictObject({ devices: v.array(HouseholdDevice) });
export type HouseholdDeviceList = v.InferOutput<typeof HouseholdDeviceList>;

/** `POST …/enrollments` answers with the device as it is now. */
export const EnrollmentApproved = v.strictObject({ device: HouseholdDevice });
export type EnrollmentApproved = v.InferOutput<typeof EnrollmentApproved>;

/** `PATCH /api/joint-accounts/:id/devices/:deviceId`: Rename (a TV's room too). */
export const DeviceRename = v.pipe(
  v.strictObject({ name: v.optional(Label(40)), room: v.optional(Label(40)) }),
  v.check((b) => b.name !== undefined || b.room !== undefined, 'give a name or a room'),
);
export type DeviceRename = v.InferOutput<typeof DeviceRename>;

/**
 * `POST /api/operator/enrollments` (the operator key, never a device's or a household's): enroll every box of
 * these cable accounts, each of which must be in a joint account. What a provisioning system calls.
 */
export const OperatorEnrollment = v.strictObject({
  cableAccountIds: v.pipe(
    v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
    v.minLength(1),
    v.maxLength(1000, 'at most 1,000 accounts a request'),
  ),
});
export type OperatorEnrollment = v.InferOutput<typeof OperatorEnrollment>;

export const OperatorEnrolled = v.strictObject({
  enrolled: v.array(
    v.strictObject({
      deviceId: v.string(),
      name: v.string(),
      cableAccountId: v.string(),
      jointAccountId: v.string(),
      token: v.string(),
    }),
  ),
  /** Accounts that could not be enrolled, and why (ENROLL_NOT_IN_HOUSEHOLD, NOT_FOUND, …). */
  refused: v.array(v.strictObject({ cableAccountId: v.string(), code: v.string(), message: v.string() })),
});
export type OperatorEnrolled = v.InferOutput<typeof OperatorEnrolled>;
