import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createHttpServer } from './http/node-server.ts';
import { createLogger } from './log.ts';
import type { Server } from 'node:http';
import type { DirectoryKind } from '../protocol/index.ts';
import { HttpAccountDirectory } from './accounts/account-directory.ts';
import { HttpProgrammeGuide } from './screens/programme-guide.ts';
import { JwksDeviceAuthority } from './enrollment/device-assertions.ts';
import {
  DEMO_MAILBOXES,
  demoPolicy,
  ensureDemoJointLogin,
  seedDemoDirectories,
  seedDemoHousehold,
} from './seed.ts';
import { createEpgSimulator } from '../carriers/epg/epg-simulator.ts';
import { createSmsNetworkSimulator } from '../carriers/sms-network/sms-network-simulator.ts';
import { createAccountDirectorySimulator } from '../carriers/account-directory/account-directory-simulator.ts';
import { createVoicemailServerSimulator } from '../carriers/voicemail-server/voicemail-server.ts';
import { openSqliteStore } from './store/sqlite-store.ts';
import { Transcoder } from './transcoder/transcoder.ts';
import { HttpVoicemailServerClient } from './voicemail/voicemail-server-client.ts';

/**
 * `npm start` ends here: one process with our backend (API, push gateway, static pages) and, on its own port
 * and database, the carrier's voicemail-server simulator.
 */
const config = loadConfig();
const log = createLogger(config.logLevel);
const store = openSqliteStore(join(config.dataDir, 'couchline.db'));
const demoHouseholdId = config.demo ? seedDemoHousehold(store) : null;
const staticRoot = relative(process.cwd(), config.staticDir) || '.';

// The carrier side first: our proxy needs its address, and it learns our webhook address once we listen.
let webhookUrl = '';
const simulator = createVoicemailServerSimulator({
  dbPath: join(config.dataDir, 'carrier-voicemail.db'),
  webhookUrl: () => webhookUrl,
  webhookSecret: config.webhookSecret,
  partnerApiKey: config.carrierApiKey,
  log: log.child('carrier-voicemail'),
});
for (const mailbox of DEMO_MAILBOXES) simulator.mailboxes.ensureMailbox(mailbox.number, mailbox.ownerName);
const firstPins = config.demo ? await chooseFirstPins(simulator) : [];
const simulatorServer = createHttpServer(simulator.app.fetch);
const simulatorUrl = await listenOrExit(
  simulatorServer,
  config.simulatorPort,
  'the voicemail-server simulator',
);

// The carriers' account directories, each its own simulator with its own database and port.
const directorySims = {
  wireless: startDirectory('wireless', 'XYZ Wireless', config.wirelessDirectoryPort),
  cable: startDirectory('cable', 'FXT Digital TV', config.cableDirectoryPort),
};
const directoryUrls = {
  wireless: config.wirelessDirectoryUrl ?? (await directorySims.wireless.url),
  cable: config.cableDirectoryUrl ?? (await directorySims.cable.url),
};
// The cable operator's programme guide: what each screen's channel is showing, for programme rules and quiet.
const epgServer = createHttpServer(createEpgSimulator({ timeZone: demoPolicy().timeZone }).app.fetch);
const epgUrl =
  config.epgUrl ?? (await listenOrExit(epgServer, config.epgPort, 'the programme-guide simulator'));
// The SMS network: the phones' radio. Each demo phone has a line on it; pairing a phone page puts a SIM in it.
const smsNetwork = createSmsNetworkSimulator({
  dbPath: join(config.dataDir, 'carrier-sms-network.db'),
  log: log.child('carrier-sms'),
});
for (const mailbox of DEMO_MAILBOXES) smsNetwork.addLine(mailbox.number, mailbox.ownerName);
const smsServer = createHttpServer(smsNetwork.app.fetch);
const smsNetworkUrl = await listenOrExit(smsServer, config.smsNetworkPort, 'the SMS network simulator');
const firstLogins = config.demo ? await seedDemoDirectories(directorySims) : [];
const jointPassword = config.demo ? await ensureDemoJointLogin(store) : null;

const app = createApp({
  store,
  log,
  webhookSecret: config.webhookSecret,
  voicemailServer: new HttpVoicemailServerClient({
    baseUrl: config.voicemailServerUrl ?? simulatorUrl,
    apiKey: config.carrierApiKey,
  }),
  transcoder: new Transcoder({ cacheDir: join(config.dataDir, 'transcoded'), log: log.child('transcoder') }),
  programmeGuide: new HttpProgrammeGuide({ baseUrl: epgUrl, log: log.child('programme-guide') }),
  directories: {
    wireless: directoryClient('wireless'),
    cable: directoryClient('cable'),
  },
  demoHouseholdId,
  demoOnAnyHost: config.demoOnAnyHost,
  publicUrl: config.publicUrl,
  operatorKey: config.operatorKey,
  deviceAuthority: new JwksDeviceAuthority({
    url: config.cableDeviceAuthUrl ?? directoryUrls.cable,
    issuer: config.cableDeviceAuthIssuer,
  }),
  issueSim: (line) =>
    smsNetwork.store.hasLine(line)
      ? { networkUrl: smsNetworkUrl, key: smsNetwork.reissueSimKey(line) }
      : null,
  heartbeatMs: config.heartbeatMs,
  mount: (http) => http.use('/*', serveStatic({ root: staticRoot })),
});
const { url } = await app.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  log.error(
    `port ${config.port} is in use (is Couchline already running?); set COUCHLINE_PORT to use another`,
  );
  process.exit(1);
});
webhookUrl = `${url}/hooks/voicemail`;

// One machine-readable line first (tests and scripts read it), then the human summary.
console.log(JSON.stringify({ ready: true, url, simulatorUrl, directoryUrls, epgUrl, smsNetworkUrl }));
console.log(`
Couchline is running.
  TV emulator:              ${url}/
  TV app alone:             ${url}/tv.html
  Mary's phone:             ${url}/phone.html  (?device=phone-simon for Simon's)
  Joint account setup:      ${url}/account.html
  Carrier voicemail server: ${simulatorUrl}  (simulated)
  Account directories:      ${directoryUrls.wireless} (XYZ Wireless), ${directoryUrls.cable} (FXT Digital TV)  (simulated)
  Programme guide:          ${epgUrl}/channels  (simulated)
  SMS network:              ${smsNetworkUrl}  (simulated)
A new TV or phone joins a household with a code it shows, approved at ${url}/account.html
  Operator key for bulk enrollment (npm run enroll-boxes): ${config.dataDir}/operator-key (or COUCHLINE_OPERATOR_KEY)
Leave a voicemail for Mary:
  npm run call -- --from "Jane" --number 505-555-1313 --to 505-555-1212 --say "Hi Mary, call me back"
${firstPins.map((p) => `Voicemail PIN for ${p.ownerName} (${p.number}), chosen at random for this install: ${p.pin}`).join('\n')}
${firstLogins.map((l) => `${l.carrier} login, chosen at random for this install: ${l.username} / ${l.password}`).join('\n')}
${jointPassword ? `Joint account hh_demo (Mary and Simon's home), password chosen at random for this install: ${jointPassword}` : ''}
${firstLogins.length || jointPassword ? 'These are shown once; the carriers and Couchline keep only their hashes.\n' : ''}`);

/**
 * No mailbox has a default PIN. On the very first start each demo mailbox gets a random acceptable one, printed
 * once here (the carrier keeps only its hash); `npm run pin` changes it.
 */
async function chooseFirstPins(sim: typeof simulator) {
  const chosen: { number: string; ownerName: string; pin: string }[] = [];
  for (const mailbox of DEMO_MAILBOXES) {
    if (sim.mailboxes.getMailbox(mailbox.number)?.pinHash) continue;
    for (;;) {
      const pin = String(randomInt(0, 10_000)).padStart(4, '0');
      const outcome = await sim.pins.setPin(mailbox.number, pin, undefined);
      if (outcome.ok) {
        chosen.push({ ...mailbox, pin });
        break;
      }
    }
  }
  return chosen;
}

function startDirectory(kind: DirectoryKind, carrierName: string, port: number) {
  const sim = createAccountDirectorySimulator({
    kind,
    carrierName,
    dbPath: join(config.dataDir, `carrier-${kind}-accounts.db`),
    partnerApiKey: config.directoryApiKey,
    log: log.child(`carrier-${kind}-accounts`),
  });
  const server = createHttpServer(sim.app.fetch);
  return {
    sim,
    carrierName,
    server,
    url: listenOrExit(server, port, `the ${carrierName} account directory`),
  };
}

function directoryClient(kind: DirectoryKind) {
  return new HttpAccountDirectory({
    kind,
    carrierName: directorySims[kind].carrierName,
    baseUrl: directoryUrls[kind],
    apiKey: config.directoryApiKey,
  });
}

async function listenOrExit(server: Server, port: number, what: string): Promise<string> {
  await new Promise<void>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      log.error(`${what} cannot listen on port ${port}: ${error.code ?? error.message}`);
      process.exit(1);
    });
    server.listen(port, config.host, resolve);
  });
  return `http://${config.host}:${(server.address() as AddressInfo).port}`;
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  for (const server of [
    simulatorServer,
    epgServer,
    directorySims.wireless.server,
    directorySims.cable.server,
  ]) {
    server.closeAllConnections();
    server.close();
  }
  await app.close();
  simulator.close();
  smsNetwork.close();
  directorySims.wireless.sim.close();
  directorySims.cable.sim.close();
  store.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
