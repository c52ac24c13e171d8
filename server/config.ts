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
  demo: boolean;
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
