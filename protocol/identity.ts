import * as v from 'valibot';

/**
 * The identity service (ours): each device says what it can do (a presence command), and the devices of one
 * household learn each other's profiles — so a TV, which cannot send SMS, finds the phone that can and has agreed
 * to send for it.
 */

export const Capability = v.picklist(['sms', 'voice', 'display', 'audio']);
export type Capability = v.InferOutput<typeof Capability>;

/** What a proxy lets another device use its SMS for: sending texts, receiving copies of incoming ones. */
export const SmsScope = v.picklist(['send', 'receive']);
export type SmsScope = v.InferOutput<typeof SmsScope>;

/** One entry of a proxy's master list of authorized devices. */
export const Authorization = v.strictObject({
  profileId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  scopes: v.pipe(v.array(SmsScope), v.minLength(1, 'authorize at least one thing, or remove the device')),
});
export type Authorization = v.InferOutput<typeof Authorization>;

/** `PUT /api/identity/presence`: what this device can do, and (a proxy) whom it lets use its SMS. */
export const PresenceCommand = v.strictObject({
  capabilities: v.pipe(
    v.array(Capability),
    v.check((list) => new Set(list).size === list.length, 'each capability once'),
  ),
  authorized: v.optional(v.pipe(v.array(Authorization), v.maxLength(50))),
});
export type PresenceCommand = v.InferOutput<typeof PresenceCommand>;

/** A device as other devices of the household see it: an opaque identifier and capability attributes. */
export const DeviceProfile = v.strictObject({
  profileId: v.string(),
  name: v.string(),
  kind: v.picklist(['phone', 'stb']),
  capabilities: v.array(Capability),
  /** On a proxy's profile: what it lets the device asking use. */
  grantedToYou: v.optional(v.array(SmsScope)),
});
export type DeviceProfile = v.InferOutput<typeof DeviceProfile>;

export const PresenceStatus = v.strictObject({ status: v.literal('ok'), profile: DeviceProfile });
export type PresenceStatus = v.InferOutput<typeof PresenceStatus>;

export const ProfileList = v.strictObject({ profiles: v.array(DeviceProfile) });
export type ProfileList = v.InferOutput<typeof ProfileList>;

/** `POST /api/identity/requests`: a device asks the household's proxies to let it use their SMS. */
export const CapabilityRequest = v.strictObject({ capability: v.literal('sms') });
export const CapabilityRequestSent = v.strictObject({ askedProxies: v.number() });

/** A request waiting on a proxy's master list. */
export const PendingRequest = v.strictObject({
  profileId: v.string(),
  name: v.string(),
  capability: v.literal('sms'),
  at: v.string(),
});
export const PendingRequestList = v.strictObject({ requests: v.array(PendingRequest) });
export type PendingRequestList = v.InferOutput<typeof PendingRequestList>;
