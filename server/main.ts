import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createHttpServer } from './http/node-server.ts';
import { createLogger } from './log.ts';
import { DEMO_MAILBOXES, seedDemoHousehold } from './seed.ts';
import { createVoicemailServerSimulator } from './simulators/voicemail-server/voicemail-server.ts';
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
await new Promise<void>((resolve) => {
  simulatorServer.once('error', (error: NodeJS.ErrnoException) => {
    log.error(
      `the voicemail-server simulator cannot listen on port ${config.simulatorPort}: ${error.code ?? error.message}`,
    );
    process.exit(1);
  });
  simulatorServer.listen(config.simulatorPort, config.host, resolve);
});
const simulatorUrl = `http://${config.host}:${(simulatorServer.address() as AddressInfo).port}`;

const app = createApp({
  store,
  log,
  webhookSecret: config.webhookSecret,
  voicemailServer: new HttpVoicemailServerClient({
    baseUrl: config.voicemailServerUrl ?? simulatorUrl,
    apiKey: config.carrierApiKey,
  }),
  transcoder: new Transcoder({ cacheDir: join(config.dataDir, 'transcoded'), log: log.child('transcoder') }),
  demoHouseholdId,
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
console.log(JSON.stringify({ ready: true, url, simulatorUrl }));
console.log(`
Couchline is running.
  TV emulator:              ${url}/
  TV app alone:             ${url}/tv.html
  Mary's phone:             ${url}/phone.html  (?device=phone-simon for Simon's)
  Carrier voicemail server: ${simulatorUrl}  (simulated)
Leave a voicemail for Mary:
  npm run call -- --from "Jane" --number 505-555-1313 --to 505-555-1212 --say "Hi Mary, call me back"
${firstPins.map((p) => `Voicemail PIN for ${p.ownerName} (${p.number}), chosen at random for this install: ${p.pin}`).join('\n')}
`);

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

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  simulatorServer.closeAllConnections();
  simulatorServer.close();
  await app.close();
  simulator.close();
  store.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
