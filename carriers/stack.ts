import { join } from 'node:path';
import type { DirectoryKind } from '../protocol/index.ts';
import {
  createAccountDirectorySimulator,
  type AccountDirectorySimulator,
} from './account-directory/account-directory-simulator.ts';
import { createEpgSimulator } from './epg/epg-simulator.ts';
import type { Logger } from './kit/log.ts';
import { serve, type Serving } from './kit/serve.ts';
import { createSmsNetworkSimulator, type SmsNetworkSimulator } from './sms-network/sms-network-simulator.ts';
import {
  createVoicemailServerSimulator,
  type VoicemailServerSimulator,
} from './voicemail-server/voicemail-server.ts';

/** The carrier systems the product talks to, each its own HTTP service. */
export type CarrierName = 'voicemailServer' | 'wirelessDirectory' | 'cableDirectory' | 'epg' | 'smsNetwork';

/** The simulated companies; the cable operator's name also makes its device-auth issuer (`fxt-digital-tv`). */
export const CARRIER_NAMES: Readonly<Record<DirectoryKind, string>> = {
  wireless: 'XYZ Wireless',
  cable: 'FXT Digital TV',
};

/** A phone line of the wireless carrier: it has a voicemail box and a line on the SMS network. */
export interface CarrierLine {
  number: string;
  ownerName: string;
}

export interface CarrierStackOptions {
  /** Where each carrier keeps its own database file; null keeps every one in memory (tests). */
  dataDir: string | null;
  /** The address every carrier listens on (127.0.0.1 unless given). */
  host?: string;
  /** Each carrier's port; one not given (or 0) takes any free port. */
  ports?: Partial<Record<CarrierName, number>>;
  /** Shared with our backend: the voicemail server signs its webhooks with it (Standard Webhooks, `whsec_<base64>`). */
  webhookSecret: string;
  /** Where the voicemail server sends its webhooks, asked each time: our backend listens after the carriers. */
  webhookUrl: () => string;
  /** The keys a partner (our backend) presents on the voicemail server's partner API and on the directories'. */
  voicemailPartnerKey: string;
  directoryPartnerKey: string;
  /** The lines the carrier serves; each gets a mailbox and an SMS line unless it has them already. */
  lines: readonly CarrierLine[];
  /** The cable operator's time zone: its programme guide runs on that wall clock. */
  epgTimeZone: string;
  log: Logger;
  /** Faster pacing for tests: the waits between webhook attempts, and how long a text takes to be delivered. */
  webhookRetryDelaysMs?: readonly number[];
  smsDeliveryDelayMs?: number;
}

export interface CarrierStack {
  /** Each carrier's base URL, e.g. `http://127.0.0.1:8081` for the voicemail server. */
  urls: Record<CarrierName, string>;
  voicemailServer: VoicemailServerSimulator;
  directories: Record<DirectoryKind, AccountDirectorySimulator>;
  smsNetwork: SmsNetworkSimulator;
  /** Stops listening and closes every carrier's database. */
  close(): Promise<void>;
}

const DESCRIPTIONS: Record<CarrierName, string> = {
  voicemailServer: 'the voicemail-server simulator',
  wirelessDirectory: `the ${CARRIER_NAMES.wireless} account directory`,
  cableDirectory: `the ${CARRIER_NAMES.cable} account directory`,
  epg: 'the programme-guide simulator',
  smsNetwork: 'the SMS network simulator',
};

/**
 * Starts every simulated carrier, each on its own port with its own database: the carrier side of `npm start`
 * (scripts/product.ts) and of the tests (tests/helpers/backend/). A port that is taken rejects with an error
 * naming the carrier, after closing the ones already started.
 */
export async function startCarriers(options: CarrierStackOptions): Promise<CarrierStack> {
  const dbPath = (file: string) => (options.dataDir === null ? ':memory:' : join(options.dataDir, file));
  const log = options.log;
  const voicemailServer = createVoicemailServerSimulator({
    dbPath: dbPath('carrier-voicemail.db'),
    webhookUrl: options.webhookUrl,
    webhookSecret: options.webhookSecret,
    partnerApiKey: options.voicemailPartnerKey,
    log: log.child('carrier-voicemail'),
    ...(options.webhookRetryDelaysMs ? { webhookRetryDelaysMs: options.webhookRetryDelaysMs } : {}),
  });
  const directory = (kind: DirectoryKind) =>
    createAccountDirectorySimulator({
      kind,
      carrierName: CARRIER_NAMES[kind],
      dbPath: dbPath(`carrier-${kind}-accounts.db`),
      partnerApiKey: options.directoryPartnerKey,
      log: log.child(`carrier-${kind}-accounts`),
    });
  const directories = { wireless: directory('wireless'), cable: directory('cable') };
  const smsNetwork = createSmsNetworkSimulator({
    dbPath: dbPath('carrier-sms-network.db'),
    log: log.child('carrier-sms'),
    ...(options.smsDeliveryDelayMs === undefined ? {} : { deliveryDelayMs: options.smsDeliveryDelayMs }),
  });
  const epg = createEpgSimulator({ timeZone: options.epgTimeZone });
  for (const line of options.lines) {
    voicemailServer.mailboxes.ensureMailbox(line.number, line.ownerName);
    smsNetwork.addLine(line.number, line.ownerName);
  }
  const closeDatabases = () => {
    voicemailServer.close();
    directories.wireless.close();
    directories.cable.close();
    smsNetwork.close();
  };

  const listening: Serving[] = [];
  const listen = async (
    name: CarrierName,
    app: { fetch: (request: Request) => Response | Promise<Response> },
  ) => {
    const port = options.ports?.[name] ?? 0;
    const serving = await serve(app.fetch, port, options.host).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${DESCRIPTIONS[name]} cannot listen on port ${port}: ${error.code ?? error.message}`, {
        cause: error,
      });
    });
    listening.push(serving);
    return serving.url;
  };
  const closeAll = async () => {
    await Promise.all(listening.map((serving) => serving.close()));
    closeDatabases();
  };
  try {
    const urls: Record<CarrierName, string> = {
      voicemailServer: await listen('voicemailServer', voicemailServer.app),
      wirelessDirectory: await listen('wirelessDirectory', directories.wireless.app),
      cableDirectory: await listen('cableDirectory', directories.cable.app),
      epg: await listen('epg', epg.app),
      smsNetwork: await listen('smsNetwork', smsNetwork.app),
    };
    return { urls, voicemailServer, directories, smsNetwork, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
