import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_DIRECTORY_ACCOUNTS, DEMO_LINES } from '../carriers/demo-customers.ts';
import { DEMO, DEMO_LINKED_ACCOUNTS } from './seed.ts';

// Our demo household and the carriers' demo customers are written on each side of the boundary (server/ never
// imports carriers/): this is where they must agree.
describe('the demo household and the carriers’ demo customers', () => {
  const carrierDevices = Object.values(DEMO_DIRECTORY_ACCOUNTS).flatMap((accounts) =>
    accounts.flatMap((account) =>
      account.devices.map((device) => ({ ...device, holder: account.holderName })),
    ),
  );

  test('each of the household’s phones is a line of the wireless carrier, with its mailbox and owner', () => {
    for (const phone of [DEMO.devices.maryPhone, DEMO.devices.simonPhone]) {
      const device = carrierDevices.find((d) => d.id === phone.id);
      assert.deepEqual(device && [device.kind, device.name, device.phoneNumber, device.ownerName], [
        'phone',
        phone.name,
        phone.phoneNumber,
        phone.ownerName,
      ]);
      assert.ok(DEMO_LINES.some((l) => l.number === phone.phoneNumber && l.ownerName === phone.ownerName));
    }
  });

  test('each of the household’s TVs is a box on the cable operator’s account', () => {
    for (const stb of [DEMO.devices.livingRoom, DEMO.devices.bedroom]) {
      const device = carrierDevices.find((d) => d.id === stb.id);
      assert.deepEqual(device && [device.kind, device.name, device.room], ['stb', stb.name, stb.room]);
    }
  });

  test('the joint account links carrier accounts that exist, with their holders', () => {
    for (const linked of DEMO_LINKED_ACCOUNTS) {
      const account = DEMO_DIRECTORY_ACCOUNTS[linked.directory].find((a) => a.id === linked.accountId);
      assert.equal(account?.holderName, linked.holderName, linked.accountId);
    }
  });
});
