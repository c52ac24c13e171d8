import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LogLevel } from './log.ts';

/** Everything `main.ts` reads from the environment, with the embedded defaults `npm start` runs on. */
export interface Config {
  host: string;
  port: number;
  /** The carrier voicemail-server simulator's own port. */
  simulatorPort: number;
  /** The account-directory simulators' own ports: the wireless carrier's and the cable operator's. */
  wirelessDirectoryPort: number;
  cableDirectoryPort: number;
  /** The SMS network simulator's own port. */
  smsNetworkPort: number;
  /** The programme-guide (EPG) simulator's own port, and a real guide's URL instead of it. */
  epgPort: number;
  epgUrl: string | null;
  /** Our credentials on the directories' partner API. */
  directoryApiKey: string;
  /** Real directories' base URLs; the embedded simulators' when unset. */
  wirelessDirectoryUrl: string | null;
  cableDirectoryUrl: string | null;
  dataDir: string;
  /** Where the built TV app, emulator and pages are served from. */
  staticDir: string;
  /** The demo household is made on first start (COUCHLINE_DEMO=0 turns it off). */
  demo: boolean;
  /**
   * Its devices pair without approval (`/api/demo/pair`) only while the backend listens on loopback, unless
   * COUCHLINE_DEMO=1 says so explicitly.
   */
  demoOnAnyHost: boolean;
  /** Where people reach the setup page, for the codes TVs show (the request's own origin when unset). */
  publicUrl: string | null;
  /** The key an operator's provisioning system enrolls boxes with (`npm run enroll-boxes`). */
  operatorKey: string;
  /** The cable operator's device-auth service (the cable directory simulator's when unset) and its issuer name. */
  cableDeviceAuthUrl: string | null;
  cableDeviceAuthIssuer: string;
  webhookSecret: string;
  /** Our credentials on the carrier's voicemail partner API. */
  carrierApiKey: string;
  /** The carrier voicemail server's base URL; the embedded simulator's when unset. */
  voicemailServerUrl: string | null;
  heartbeatMs: number;
  logLevel: LogLevel;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.COUCHLINE_DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return {
    host: env.COUCHLINE_HOST ?? '127.0.0.1',
    port: port(env.COUCHLINE_PORT, 8080),
    simulatorPort: port(env.COUCHLINE_SIMULATOR_PORT, 8081),
    wirelessDirectoryPort: port(env.COUCHLINE_WIRELESS_DIRECTORY_PORT, 8082),
    cableDirectoryPort: port(env.COUCHLINE_CABLE_DIRECTORY_PORT, 8083),
    epgPort: port(env.COUCHLINE_EPG_PORT, 8084),
    smsNetworkPort: port(env.COUCHLINE_SMS_NETWORK_PORT, 8085),
    epgUrl: env.COUCHLINE_EPG_URL ?? null,
    directoryApiKey: env.COUCHLINE_DIRECTORY_API_KEY ?? persistedSecret(join(dataDir, 'directory-api-key')),
    wirelessDirectoryUrl: env.COUCHLINE_WIRELESS_DIRECTORY_URL ?? null,
    cableDirectoryUrl: env.COUCHLINE_CABLE_DIRECTORY_URL ?? null,
    dataDir,
    staticDir: resolve(env.COUCHLINE_STATIC_DIR ?? 'dist'),
    demo: env.COUCHLINE_DEMO !== '0',
    demoOnAnyHost: env.COUCHLINE_DEMO === '1',
    publicUrl: env.COUCHLINE_PUBLIC_URL ?? null,
    operatorKey: env.COUCHLINE_OPERATOR_KEY ?? persistedSecret(join(dataDir, 'operator-key')),
    cableDeviceAuthUrl: env.COUCHLINE_CABLE_DEVICE_AUTH_URL ?? null,
    cableDeviceAuthIssuer: env.COUCHLINE_CABLE_DEVICE_AUTH_ISSUER ?? 'fxt-digital-tv',
    webhookSecret: env.COUCHLINE_WEBHOOK_SECRET ?? persistedSecret(join(dataDir, 'webhook-secret')),
    carrierApiKey: env.COUCHLINE_CARRIER_API_KEY ?? persistedSecret(join(dataDir, 'carrier-api-key')),
    voicemailServerUrl: env.COUCHLINE_VOICEMAIL_SERVER_URL ?? null,
    heartbeatMs: positiveInt(env.COUCHLINE_HEARTBEAT_MS, 30_000),
    logLevel: (env.COUCHLINE_LOG_LEVEL as LogLevel | undefined) ?? 'info',
  };
}

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`not a port number: ${value}`);
  return n;
}

function positiveInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive whole number: ${value}`);
  return n;
}

/** A random secret made on first start and kept (owner-only) in the data folder, so restarts keep working. */
function persistedSecret(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(path, secret, { mode: 0o600 });
    return secret;
  }
}
