import { InboxStore } from '../../client/inbox/inbox-store.ts';
import { createLogger } from '../../client/log.ts';
import { ApiClient } from '../../client/net/api-client.ts';
import type { DeviceCredentials } from '../../client/net/device-credentials.ts';
import { PushClient } from '../../client/net/push-client.ts';
import { IdbPushCursorStore } from '../../client/storage/push-cursor-store.ts';
import { ShownEvents } from '../../client/storage/shown-events.ts';
import { openPhoneDb } from './phone-db.ts';
import { PhoneConsents } from './phone-consents.ts';
import { PhoneVoicemail } from './phone-voicemail.ts';
import { HttpSmsNetwork, type Sim } from './sms-network.ts';
import { SmsProxy } from './sms-proxy.ts';

export interface PhoneClient {
  push: PushClient;
  inbox: InboxStore;
  voicemail: PhoneVoicemail;
  consents: PhoneConsents;
  /** The phone as the household's SMS proxy. */
  sms: SmsProxy;
  dispose(): void;
}

/**
 * The phone page's services for one paired phone, built from the client core the TV app uses too (client/): the
 * same push client (token in the first frame, acks after handling, cursor in IndexedDB), device API client and
 * inbox store, over the phone's own database. The phone page speaks the protocol a native phone app would.
 */
export async function createPhoneClient(options: {
  credentials: DeviceCredentials;
  apiUrl: string;
  pushUrl: string;
  /** The phone's IndexedDB database (`phoneDbName` in phone-db.ts, unless a test gives its own). */
  dbName: string;
  /** The phone's SIM on the SMS network; without one it cannot text for anyone. */
  sim: Sim | null;
  /** The phone's clock; Date.now unless a test moves it. */
  now?: () => number;
}): Promise<PhoneClient> {
  const db = await openPhoneDb(options.dbName);
  const api = new ApiClient({ baseUrl: options.apiUrl, credentials: options.credentials });
  const inbox = new InboxStore({ db, api });
  const shown = new ShownEvents(db);
  void shown.prune();
  const voicemail = new PhoneVoicemail({
    api,
    inbox,
    shown,
    deviceId: options.credentials.deviceId,
    ...(options.now ? { now: options.now } : {}),
  });
  const consents = new PhoneConsents({ api });
  const sms = new SmsProxy({
    api,
    network: options.sim ? new HttpSmsNetwork(options.sim) : null,
    deviceId: options.credentials.deviceId,
    knownCallers: () => inbox.messages$.value.map((m) => m.callerNumber),
    log: createLogger('sms-proxy'),
    ...(options.now ? { now: options.now } : {}),
  });
  const log = createLogger('phone-push');
  const push = new PushClient({
    url: options.pushUrl,
    credentials: options.credentials,
    cursorStore: new IdbPushCursorStore(db),
    onEvent: async (event) => {
      await voicemail.handle(event);
      await consents.handle(event);
      await sms.handle(event);
    },
    onError: (error) => log.warn(`${error.code}: ${error.message}`, error.cause ?? ''),
    log,
  });
  await inbox.load();
  push.start();
  // The saved list is on screen already; the server's replaces it when it answers.
  void inbox.sync();
  void consents.load().catch((error: Error) => log.warn(`consent requests: ${error.message}`));
  void sms.start().catch((error: Error) => log.warn(`SMS proxy: ${error.message}`));
  return {
    push,
    inbox,
    voicemail,
    consents,
    sms,
    dispose() {
      sms.stop();
      push.stop();
      inbox.dispose();
      db.close();
    },
  };
}
