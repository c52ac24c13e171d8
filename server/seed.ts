import { randomInt } from 'node:crypto';
import { hashSecret } from './identity/secrets.ts';
import { openRelationship, type PolicyConfig } from '../protocol/index.ts';
import type { LinkedCarrierAccount } from './accounts/joint-account-repository.ts';
import type { Database } from './store/database.ts';

/**
 * The demo household from the system's own example (DESIGN.md, seeds/): Mary (XYZ Wireless) and Simon share a
 * home with two set-top boxes (FXT Digital TV); Mary's voicemail goes to the living-room STB. These are our side of
 * the demo; the carriers' side (their accounts, lines and boxes) is carriers/demo-customers.ts.
 */
export const DEMO = {
  householdId: 'hh_demo',
  devices: {
    maryPhone: { id: 'phone-mary', name: "Mary's phone", ownerName: 'Mary', phoneNumber: '5055551212' },
    simonPhone: { id: 'phone-simon', name: "Simon's phone", ownerName: 'Simon', phoneNumber: '5055551414' },
    livingRoom: { id: 'stb-living-room', name: 'Living-room TV', room: 'Living room' },
    bedroom: { id: 'stb-bedroom', name: 'Bedroom TV', room: 'Bedroom' },
  },
} as const;

/**
 * The demo household's routing rules: Mary's voicemail to the living-room TV, at any time, name and number shown;
 * caller ID on TV off (the holder has not turned it on). The household is in New Mexico.
 */
export function demoPolicy(): PolicyConfig {
  return {
    timeZone: 'America/Denver',
    callerIdOnTv: false,
    relationships: [
      openRelationship('rel-mary-living-room', DEMO.devices.maryPhone.id, DEMO.devices.livingRoom.id),
    ],
    privacy: {},
  };
}

/** Creates the demo household once; later starts find it and change nothing. Returns the household id. */
export async function seedDemoHousehold(store: Database): Promise<string> {
  if (await store.devices.get(DEMO.devices.maryPhone.id)) {
    // A data folder from before routing rules existed: give it the demo's rules once.
    if (!(await store.policies.get(DEMO.householdId)))
      await store.policies.set(DEMO.householdId, demoPolicy());
    return DEMO.householdId;
  }
  await store.transaction(async () => {
    const household = await store.accounts.createHousehold({
      id: DEMO.householdId,
      name: "Mary and Simon's home",
    });
    const { maryPhone, simonPhone, livingRoom, bedroom } = DEMO.devices;
    for (const phone of [maryPhone, simonPhone]) {
      await store.devices.create({ ...phone, householdId: household.id, kind: 'phone', room: null });
    }
    for (const stb of [livingRoom, bedroom]) {
      await store.devices.create({
        ...stb,
        householdId: household.id,
        kind: 'stb',
        phoneNumber: null,
        ownerName: 'Household',
      });
    }
    await store.policies.set(household.id, demoPolicy());
  });
  return DEMO.householdId;
}

/** The carrier accounts the demo joint account joins. */
export const DEMO_LINKED_ACCOUNTS: readonly LinkedCarrierAccount[] = [
  { directory: 'wireless', accountId: 'wacct-mary', holderName: 'Mary', via: 'credentials' },
  { directory: 'cable', accountId: 'cacct-mary', holderName: 'Mary', via: 'credentials' },
  { directory: 'wireless', accountId: 'wacct-simon', holderName: 'Simon', via: 'consent' },
];

/**
 * Gives the demo joint account its own login the first time (and data folders from before joint accounts had
 * one). Returns the new password, to be shown once, or null when it had one.
 */
export async function ensureDemoJointLogin(
  store: Database,
  choosePassword: () => string = randomPassword,
): Promise<string | null> {
  const account = await store.accounts.get(DEMO.householdId);
  if (!account || account.passwordHash) return null;
  const password = choosePassword();
  await store.accounts.setLogin(DEMO.householdId, {
    passwordHash: await hashSecret(password),
    billingCode: 'CL-0000-0001',
    accounts: DEMO_LINKED_ACCOUNTS,
  });
  return password;
}

/** "k7m3-q9xz-4hwp": 60 random bits, easy to read off a terminal and type. */
export function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const group = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}
