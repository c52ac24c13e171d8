import * as v from 'valibot';
import { DemoGuide, DeviceList, PairResponse, type DeviceSummary } from '../protocol/index.ts';

/**
 * The demo household's routes (`/api/demo/*`, on only in demo mode), shared by the emulator and the phone page:
 * they stand in for a real pairing flow so a page can be any device of the household.
 */
export async function listDemoDevices(baseUrl = window.location.origin): Promise<DeviceSummary[]> {
  const response = await fetch(new URL('/api/demo/devices', baseUrl));
  if (!response.ok) throw new Error(`the backend answered ${response.status}`);
  return v.parse(DeviceList, await response.json()).devices;
}

/**
 * Pairs `deviceId`: the backend issues a fresh device token (it keeps only its hash), and a phone gets a SIM for
 * the SMS network.
 */
export async function pairDemoDevice(
  deviceId: string,
  baseUrl = window.location.origin,
): Promise<PairResponse> {
  const response = await fetch(new URL('/api/demo/pair', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId }),
  });
  if (!response.ok) throw new Error(`the backend answered ${response.status}`);
  return v.parse(PairResponse, await response.json());
}

/** The programme guide's channels and what is on each now (the emulator's channel picker). */
export async function loadDemoGuide(baseUrl = window.location.origin): Promise<DemoGuide['channels']> {
  const response = await fetch(new URL('/api/demo/guide', baseUrl));
  if (!response.ok) throw new Error(`the backend answered ${response.status}`);
  return v.parse(DemoGuide, await response.json()).channels;
}
