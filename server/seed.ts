import type { PolicyConfig } from '../protocol/index.ts';
import type { Store } from './store/store.ts';

/**
 * The demo household from the system's own example (DESIGN.md, seeds/): Mary (XYZ Wireless) and Simon share a
 * home with two set-top boxes (FXT Digital TV); Mary's voicemail goes to the living-room STB.
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
      {
        id: 'rel-mary-living-room',
        sourceDeviceId: DEMO.devices.maryPhone.id,
        targetDeviceId: DEMO.devices.livingRoom.id,
        contentTypes: ['voicemail'],
        windows: [],
        suspensions: [],
        blockedCallers: [],
        allowOnlyCallers: null,
        stopped: false,
      },
    ],
    privacy: {},
  };
}

/** Creates the demo household once; later starts find it and change nothing. Returns the household id. */
export function seedDemoHousehold(store: Store): string {
  if (store.getDevice(DEMO.devices.maryPhone.id)) {
    // A data folder from before routing rules existed: give it the demo's rules once.
    if (!store.getPolicy(DEMO.householdId)) store.setPolicy(DEMO.householdId, demoPolicy());
    return DEMO.householdId;
  }
  store.transaction(() => {
    const household = store.createHousehold({ id: DEMO.householdId, name: "Mary and Simon's home" });
    const { maryPhone, simonPhone, livingRoom, bedroom } = DEMO.devices;
    for (const phone of [maryPhone, simonPhone]) {
      store.createDevice({ ...phone, householdId: household.id, kind: 'phone', room: null });
    }
    for (const stb of [livingRoom, bedroom]) {
      store.createDevice({
        ...stb,
        householdId: household.id,
        kind: 'stb',
        phoneNumber: null,
        ownerName: 'Household',
      });
    }
    store.setPolicy(household.id, demoPolicy());
  });
  return DEMO.householdId;
}

/** The carrier's side of the demo: a mailbox for each demo phone. */
export const DEMO_MAILBOXES = [
  { number: DEMO.devices.maryPhone.phoneNumber, ownerName: 'Mary' },
  { number: DEMO.devices.simonPhone.phoneNumber, ownerName: 'Simon' },
] as const;
