import { serveBackend } from './backend.ts';
import { rolesName } from './cluster/cluster-settings.ts';
import { loadConfigOrExit } from './config.ts';
import { createLogger } from './log.ts';

/**
 * `node server/main.ts`: our backend alone (API, push gateway, static pages), configured from the environment, the
 * carriers at the URLs it names (COUCHLINE_VOICEMAIL_SERVER_URL, COUCHLINE_WIRELESS_DIRECTORY_URL, …). `npm start`
 * runs the whole product instead: scripts/product.ts, with the simulated carriers beside it.
 */
const config = loadConfigOrExit();
const log = createLogger(config.logLevel);
const backend = await serveBackend(config, { log }).catch((error: Error) => {
  log.error(error.message);
  process.exit(1);
});

// One machine-readable line first (scripts read it), then the human summary.
const role = rolesName(config.roles);
console.log(JSON.stringify({ ready: true, url: backend.url, role, pid: process.pid }));
console.log(`Couchline's backend (${role}) is running at ${backend.url}`);
// Only the API serves enrollment; a gateway process has no key to tell of.
if (config.roles.has('api')) {
  console.log(
    `  Operator key for bulk enrollment (npm run enroll-boxes): ${config.dataDir}/operator-key (or COUCHLINE_OPERATOR_KEY)`,
  );
}
if (backend.demoJointPassword) {
  console.log(
    `Joint account hh_demo (Mary and Simon's home), password chosen at random for this install: ${backend.demoJointPassword}\n` +
      'It is shown once; Couchline keeps only its hash.',
  );
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await backend.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
