// `npm start` ends here (after scripts/bootstrap.mjs and the build): the whole product in one process — the
// simulated carriers (carriers/stack.ts), our backend (server/backend.ts) pointed at them, and the demo on both
// sides. The one place outside the tests that knows both server/ and carriers/; `node server/main.ts` is our
// backend alone.
import { addDemoAccounts, chooseFirstPins, DEMO_LINES } from '../carriers/demo-customers.ts';
import { startCarriers } from '../carriers/stack.ts';
import { serveBackend } from '../server/backend.ts';
import { loadConfigOrExit } from '../server/config.ts';
import { createLogger } from '../server/log.ts';
import { demoPolicy } from '../server/seed.ts';
import { carrierPorts } from './carrier-ports.ts';

const config = loadConfigOrExit();
const log = createLogger(config.logLevel);
const exitWith = (error: Error): never => {
  log.error(error.message);
  process.exit(1);
};

// The carriers first: our backend needs their addresses, and the voicemail server learns our webhook address once
// we listen. Each keeps its own database in the data folder.
let webhookUrl = '';
const carriers = await startCarriers({
  dataDir: config.dataDir,
  host: config.host,
  ports: carrierPorts(),
  webhookSecret: config.webhookSecret,
  webhookUrl: () => webhookUrl,
  voicemailPartnerKey: config.carrierApiKey,
  directoryPartnerKey: config.directoryApiKey,
  // Every demo line has its mailbox and SMS line, demo or not: `npm run call` and `npm run text` need them.
  lines: DEMO_LINES,
  epgTimeZone: demoPolicy().timeZone,
  log,
}).catch(exitWith);
// The carriers' side of the demo: a PIN for each mailbox and a password for each account, chosen at random on the
// first start and shown once.
const firstPins = config.demo ? await chooseFirstPins(carriers.voicemailServer) : [];
const firstLogins = config.demo ? await addDemoAccounts(carriers.directories) : [];

// A carrier configured by URL (a real one) is used instead of its simulator.
const used = {
  ...config,
  voicemailServerUrl: config.voicemailServerUrl ?? carriers.urls.voicemailServer,
  wirelessDirectoryUrl: config.wirelessDirectoryUrl ?? carriers.urls.wirelessDirectory,
  cableDirectoryUrl: config.cableDirectoryUrl ?? carriers.urls.cableDirectory,
  epgUrl: config.epgUrl ?? carriers.urls.epg,
};
const backend = await serveBackend(used, {
  log,
  // The phone page plays a handset: enrolling a phone puts a SIM for its line in it, on the simulated network.
  issueSim: (line) =>
    carriers.smsNetwork.store.hasLine(line)
      ? { networkUrl: carriers.urls.smsNetwork, key: carriers.smsNetwork.reissueSimKey(line) }
      : null,
}).catch(exitWith);
const { url } = backend;
// The carrier calls this process itself; people use the public URL when one is set (a cluster's front door).
webhookUrl = `${url}/hooks/voicemail`;
const shown = config.publicUrl ?? url;

const simulatorUrl = carriers.urls.voicemailServer;
const directoryUrls = { wireless: used.wirelessDirectoryUrl, cable: used.cableDirectoryUrl };
const { epgUrl } = used;
const smsNetworkUrl = carriers.urls.smsNetwork;
const jointPassword = backend.demoJointPassword;
// One machine-readable line first (tests and scripts read it), then the human summary.
console.log(JSON.stringify({ ready: true, url, simulatorUrl, directoryUrls, epgUrl, smsNetworkUrl }));
console.log(`
Couchline is running.
  TV emulator:              ${shown}/
  TV app alone:             ${shown}/tv.html
  Mary's phone:             ${shown}/phone.html  (?device=phone-simon for Simon's)
  Joint account setup:      ${shown}/account.html
  Carrier voicemail server: ${simulatorUrl}  (simulated)
  Account directories:      ${directoryUrls.wireless} (XYZ Wireless), ${directoryUrls.cable} (FXT Digital TV)  (simulated)
  Programme guide:          ${epgUrl}/channels  (simulated)
  SMS network:              ${smsNetworkUrl}  (simulated)
A new TV or phone joins a household with a code it shows, approved at ${shown}/account.html
  Operator key for bulk enrollment (npm run enroll-boxes): ${config.dataDir}/operator-key (or COUCHLINE_OPERATOR_KEY)
Leave a voicemail for Mary:
  npm run call -- --from "Jane" --number 505-555-1313 --to 505-555-1212 --say "Hi Mary, call me back"
${firstPins.map((p) => `Voicemail PIN for ${p.ownerName} (${p.number}), chosen at random for this install: ${p.pin}`).join('\n')}
${firstLogins.map((l) => `${l.carrier} login, chosen at random for this install: ${l.username} / ${l.password}`).join('\n')}
${jointPassword ? `Joint account hh_demo (Mary and Simon's home), password chosen at random for this install: ${jointPassword}` : ''}
${firstLogins.length || jointPassword ? 'These are shown once; the carriers and Couchline keep only their hashes.\n' : ''}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await backend.close();
  await carriers.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
