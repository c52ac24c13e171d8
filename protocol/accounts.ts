import * as v from 'valibot';
import { PhoneNumber } from './phone-number.ts';
import { ContentType, PolicyConfig } from './policy.ts';
import { DeviceKind } from './rest.ts';

/**
 * Carrier account directories (a wireless carrier's and a cable operator's, simulated) and our provisioning
 * service, which joins an account of each into a joint account with routing rules (DESIGN.md §3, flow 1).
 */

/** Which carrier's directory an account lives in. */
export const DirectoryKind = v.picklist(['wireless', 'cable']);
export type DirectoryKind = v.InferOutput<typeof DirectoryKind>;

const Username = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'enter the user name'),
  v.maxLength(64, 'a user name is at most 64 characters'),
);
/** A password as typed at a login: anything non-empty (the directory decides whether it is right). */
const Password = v.pipe(v.string(), v.minLength(1, 'enter the password'), v.maxLength(256));
/** A password someone chooses: long enough to resist guessing offline if the hash ever leaked. */
export const NewPassword = v.pipe(
  v.string(),
  v.minLength(10, 'a password has at least 10 characters'),
  v.maxLength(256, 'a password is at most 256 characters'),
);

/** Account directory API (`POST /v1/logins`). */
export const DirectoryLoginRequest = v.strictObject({ username: Username, password: Password });
export const DirectoryAccount = v.strictObject({
  accountId: v.string(),
  directory: DirectoryKind,
  /** The account holder's name ("Mary"). */
  holderName: v.string(),
});
export type DirectoryAccount = v.InferOutput<typeof DirectoryAccount>;

/** A phone line or a set-top box on a carrier account. */
export const DirectoryDevice = v.strictObject({
  id: v.string(),
  kind: DeviceKind,
  name: v.string(),
  /** Digits; phones only. */
  phoneNumber: v.nullable(v.string()),
  /** STBs only. */
  room: v.nullable(v.string()),
  /** Whose it is: the line's user, or "Household" for a box. */
  ownerName: v.string(),
});
export type DirectoryDevice = v.InferOutput<typeof DirectoryDevice>;
export const DirectoryDeviceList = v.strictObject({ devices: v.array(DirectoryDevice) });

export const ConsentState = v.picklist(['pending', 'approved', 'refused', 'expired']);
export type ConsentState = v.InferOutput<typeof ConsentState>;

/** Another holder's consent to have their line linked: asked by the carrier, answered on that holder's phone. */
export const Consent = v.strictObject({
  id: v.string(),
  /** The line asked for (digits). */
  line: v.string(),
  holderName: v.string(),
  /** Who asks ("Mary"), as their own account names them. */
  requesterName: v.string(),
  /** What the link is for, shown to the holder. */
  purpose: v.string(),
  state: ConsentState,
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  decidedAt: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
});
export type Consent = v.InferOutput<typeof Consent>;
export const ConsentList = v.strictObject({ consents: v.array(Consent) });
export type ConsentList = v.InferOutput<typeof ConsentList>;

export const ConsentAskRequest = v.strictObject({
  line: PhoneNumber,
  requesterName: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64)),
  purpose: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});
export const ConsentDecision = v.strictObject({ approve: v.boolean() });
export type ConsentDecision = v.InferOutput<typeof ConsentDecision>;

// ---- Provisioning (ours): the steps of creating a joint account, then changing it ----

/** Step 1: log into a first account, wireless or cable. */
export const ProvisioningLogin = v.strictObject({
  directory: DirectoryKind,
  username: Username,
  password: Password,
});
export type ProvisioningLogin = v.InferOutput<typeof ProvisioningLogin>;

/** Where a provisioning session is: the step it expects next. */
export const ProvisioningStep = v.picklist([
  'ask-joint-account',
  'second-account',
  'awaiting-consent',
  'configure',
  'done',
]);
export type ProvisioningStep = v.InferOutput<typeof ProvisioningStep>;

/** A linked account as the page shows it. */
export const LinkedAccount = v.strictObject({
  /** Which link this is within its joint account ("wireless:wacct-luis"), to unlink it by. */
  id: v.string(),
  directory: DirectoryKind,
  holderName: v.string(),
  /** Logged into with its credentials, or linked by its holder's consent. */
  via: v.picklist(['credentials', 'consent']),
});
export type LinkedAccount = v.InferOutput<typeof LinkedAccount>;

export const ProvisioningState = v.strictObject({
  step: ProvisioningStep,
  accounts: v.array(LinkedAccount),
  /** Set while another holder's consent is asked for, and after they refused. */
  consent: v.optional(v.strictObject({ holderName: v.string(), line: v.string(), state: ConsentState })),
  /** What the service asks for next, in words. */
  prompt: v.string(),
});
export type ProvisioningState = v.InferOutput<typeof ProvisioningState>;

/** Step 1's answer: the session token carried as `Authorization: Bearer …` through the later steps. */
export const ProvisioningSession = v.strictObject({ sessionToken: v.string(), state: ProvisioningState });
export type ProvisioningSession = v.InferOutput<typeof ProvisioningSession>;

/** Step 3: the second account's credentials, or another holder's phone number (their consent is asked). */
export const SecondAccount = v.variant('via', [
  v.strictObject({
    via: v.literal('credentials'),
    directory: DirectoryKind,
    username: Username,
    password: Password,
  }),
  v.strictObject({ via: v.literal('consent'), phoneNumber: PhoneNumber }),
]);
export type SecondAccount = v.InferOutput<typeof SecondAccount>;

export const OfferedDevice = v.strictObject({
  id: v.string(),
  kind: DeviceKind,
  name: v.string(),
  phoneNumber: v.nullable(v.string()),
  room: v.nullable(v.string()),
  ownerName: v.string(),
});
export type OfferedDevice = v.InferOutput<typeof OfferedDevice>;

/** Step 4's offer: every phone and STB of the linked accounts. */
export const DeviceOffer = v.strictObject({
  accounts: v.array(v.strictObject({ ...LinkedAccount.entries, devices: v.array(OfferedDevice) })),
});
export type DeviceOffer = v.InferOutput<typeof DeviceOffer>;

/** Step 5: the configuration and the joint account's own password. */
export const CreateJointAccount = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'name the joint account'), v.maxLength(64)),
  password: NewPassword,
  config: PolicyConfig,
});
export type CreateJointAccount = v.InferOutput<typeof CreateJointAccount>;

/** One part of the backend that routes content confirming it has the configuration. */
export const RoutingRegistration = v.strictObject({
  service: v.picklist(['voicemail-proxy', 'push-gateway']),
  confirmedAt: v.pipe(v.string(), v.isoTimestamp()),
  /** What it now routes, in words ("2 routes for voicemail and caller ID"). */
  summary: v.string(),
});
export type RoutingRegistration = v.InferOutput<typeof RoutingRegistration>;

export const JointAccountView = v.strictObject({
  jointAccountId: v.string(),
  name: v.string(),
  billingCode: v.string(),
  accounts: v.array(LinkedAccount),
  devices: v.array(OfferedDevice),
  config: PolicyConfig,
});
export type JointAccountView = v.InferOutput<typeof JointAccountView>;

/** Step 5's answer, and the answer to every later change: the account and each router's confirmation. */
export const JointAccountSaved = v.strictObject({
  account: JointAccountView,
  registrations: v.array(RoutingRegistration),
  /** A joint-account session, so the page can go on editing without logging in again. */
  sessionToken: v.string(),
});
export type JointAccountSaved = v.InferOutput<typeof JointAccountSaved>;

/** A changed configuration for an existing joint account (`PUT /api/joint-accounts/:id/config`). */
export const UpdateConfig = v.strictObject({ config: PolicyConfig });

/** Later: log into the joint account with its id and password. */
export const JointAccountLogin = v.strictObject({
  jointAccountId: v.pipe(
    v.string(),
    v.trim(),
    v.toLowerCase(),
    v.minLength(1, 'enter the joint account id'),
    v.maxLength(64),
  ),
  password: Password,
});
export type JointAccountLogin = v.InferOutput<typeof JointAccountLogin>;

/**
 * Linking one more account to an existing joint account (`POST /api/joint-accounts/:id/accounts`, the same body as
 * step 3), and where that stands (`GET …/accounts/link`): linked at once with credentials; with another holder's
 * line, `awaiting-consent` until they answer on their phone, then `linked`, or `refused` / `expired` with nothing
 * linked.
 */
export const AccountLinking = v.strictObject({
  status: v.picklist(['linked', 'awaiting-consent', 'refused', 'expired']),
  /** The holder asked, while asked and after they answered. */
  consent: v.optional(v.strictObject({ holderName: v.string(), line: v.string(), state: ConsentState })),
  /** What it says, in words. */
  prompt: v.string(),
  account: JointAccountView,
});
export type AccountLinking = v.InferOutput<typeof AccountLinking>;

/**
 * An account unlinked (`DELETE /api/joint-accounts/:id/accounts/:linkId`): its phones and TVs left the joint account
 * (their tokens revoked: they drop off the channel at once), the rules that named them and the privacy of its TVs
 * were dropped and registered again with every router. The delivery log keeps what happened before.
 */
export const AccountUnlinked = v.strictObject({
  account: JointAccountView,
  registrations: v.array(RoutingRegistration),
  /** The names of the phones and TVs that left. */
  devicesLeft: v.array(v.string()),
  /** How many rules named them and were dropped. */
  rulesDropped: v.number(),
});
export type AccountUnlinked = v.InferOutput<typeof AccountUnlinked>;

/** One step of an alert's story on one device: the decision, its arrival, what the device did with it. */
export const DeliveryStep = v.strictObject({
  at: v.string(),
  deviceId: v.string(),
  deviceName: v.string(),
  /** deliver, defer, suppress (the rules); delivered (it reached the device); displayed, dismissed, acted, not-displayed. */
  outcome: v.string(),
  /**
   * Why: the policy engine's stable reason codes ("outside-window"), or the device's ("background"),
   * worded by the page.
   */
  reasons: v.array(v.string()),
  /** What the viewer chose, for "acted". */
  action: v.optional(v.string()),
});
export type DeliveryStep = v.InferOutput<typeof DeliveryStep>;

/** One alert (a voicemail, a call, a text) and its story on every device it was decided for, oldest step first. */
export const DeliveryCard = v.strictObject({
  contentType: v.string(),
  subject: v.string(),
  /** Who called or wrote; null when the log did not record it. */
  caller: v.nullable(v.strictObject({ name: v.string(), number: v.string() })),
  steps: v.array(DeliveryStep),
});
export type DeliveryCard = v.InferOutput<typeof DeliveryCard>;

/** A page of the delivery log (`GET /api/joint-accounts/:id/delivery-log`): alerts newest first. */
export const DeliveryLogView = v.strictObject({
  alerts: v.array(DeliveryCard),
  /** `before` for the next, older page; null when there is none. */
  next: v.nullable(v.string()),
});
export type DeliveryLogView = v.InferOutput<typeof DeliveryLogView>;

/** How many alerts a page of the delivery log holds at most. */
export const DELIVERY_LOG_PAGE_MAX = 50;

const QueryInteger = v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'a whole number'), v.transform(Number));

/** The delivery log's query string: one device's alerts, one kind, older than a page's `next`, how many. */
export const DeliveryLogQuery = v.object({
  device: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  kind: v.optional(ContentType),
  before: v.optional(QueryInteger),
  limit: v.optional(
    v.pipe(
      QueryInteger,
      v.minValue(1, 'at least 1'),
      v.maxValue(DELIVERY_LOG_PAGE_MAX, `at most ${DELIVERY_LOG_PAGE_MAX} alerts a page`),
    ),
  ),
});
export type DeliveryLogQuery = v.InferOutput<typeof DeliveryLogQuery>;
