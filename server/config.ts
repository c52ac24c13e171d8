import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { DirectoryKind } from '../protocol/index.ts';
import { clusterSettings, type Role } from './cluster/cluster-settings.ts';
import { LOG_LEVELS, type LogFormat, type LogLevel } from './log.ts';
import { databaseLocation, type DatabaseLocation } from './store/database-location.ts';
import { webhookSecret } from './voicemail/webhook-signature.ts';

/**
 * Everything our backend reads from the environment, with the defaults `npm start` runs on. The carriers are
 * reached at their URLs: `node server/main.ts` needs them set; `npm start` (scripts/product.ts) fills in the
 * simulated carriers' for those left unset.
 */
export interface Config {
  host: string;
  port: number;
  /** The cable operator's programme guide (EPG); without it no programme is known. */
  epgUrl: string | null;
  /** Our credentials on the directories' partner API. */
  directoryApiKey: string;
  /** The account directories' base URLs (both or neither: without them the setup API is off). */
  wirelessDirectoryUrl: string | null;
  cableDirectoryUrl: string | null;
  /** Our partners' names, as people read them ("log into your XYZ Wireless account"). */
  directoryNames: Record<DirectoryKind, string>;
  dataDir: string;
  /** Where the backend keeps its data: SQLite in the data folder, or the PostgreSQL of COUCHLINE_DATABASE_URL. */
  database: DatabaseLocation;
  /** What this process does (COUCHLINE_ROLES: `api`, `gateway` or both, the default); see cluster-settings.ts. */
  roles: ReadonlySet<Role>;
  /** The Redis the processes share (COUCHLINE_REDIS_URL): the bus and presence; null for the in-process bus. */
  redisUrl: string | null;
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
  /** The cable operator's device-auth service (the cable directory's URL when unset) and its issuer name. */
  cableDeviceAuthUrl: string | null;
  cableDeviceAuthIssuer: string;
  /**
   * The carrier webhook's shared secret, `whsec_<base64>` (Standard Webhooks); a plain secret of the format before
   * it is converted to that form, keeping its bytes as the key (see `webhookSecret()`).
   */
  webhookSecret: string;
  /** Our credentials on the carrier's voicemail partner API. */
  carrierApiKey: string;
  /** The carrier's voicemail server's base URL (required). */
  voicemailServerUrl: string | null;
  heartbeatMs: number;
  /** COUCHLINE_LOG_LEVEL: info (default), warn, error or silent. */
  logLevel: LogLevel;
  /** COUCHLINE_LOG_FORMAT: `json` or `pretty`; unset (null), readable lines in a terminal and JSON otherwise. */
  logFormat: LogFormat | null;
  /** COUCHLINE_METRICS_TOKEN: with one, `/metrics` wants `Authorization: Bearer <it>` (see ops/metrics-routes.ts). */
  metricsToken: string | null;
  /**
   * COUCHLINE_TRUSTED_PROXIES: the addresses of our own front door(s), comma-separated, whose `X-Forwarded-For`
   * names the client for per-source limits (http/client-address.ts). None by default.
   */
  trustedProxies: string[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.COUCHLINE_DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return {
    host: env.COUCHLINE_HOST ?? '127.0.0.1',
    port: parsePort(env.COUCHLINE_PORT, 8080),
    epgUrl: env.COUCHLINE_EPG_URL ?? null,
    directoryApiKey: env.COUCHLINE_DIRECTORY_API_KEY ?? persistedSecret(join(dataDir, 'directory-api-key')),
    wirelessDirectoryUrl: env.COUCHLINE_WIRELESS_DIRECTORY_URL ?? null,
    cableDirectoryUrl: env.COUCHLINE_CABLE_DIRECTORY_URL ?? null,
    directoryNames: { wireless: 'XYZ Wireless', cable: 'FXT Digital TV' },
    dataDir,
    database: databaseLocation(env.COUCHLINE_DATABASE_URL, join(dataDir, 'couchline.db')),
    ...clusterSettings(env),
    staticDir: resolve(env.COUCHLINE_STATIC_DIR ?? 'dist'),
    demo: env.COUCHLINE_DEMO !== '0',
    demoOnAnyHost: env.COUCHLINE_DEMO === '1',
    publicUrl: env.COUCHLINE_PUBLIC_URL ?? null,
    operatorKey: env.COUCHLINE_OPERATOR_KEY ?? persistedSecret(join(dataDir, 'operator-key')),
    cableDeviceAuthUrl: env.COUCHLINE_CABLE_DEVICE_AUTH_URL ?? null,
    cableDeviceAuthIssuer: env.COUCHLINE_CABLE_DEVICE_AUTH_ISSUER ?? 'fxt-digital-tv',
    webhookSecret:
      env.COUCHLINE_WEBHOOK_SECRET === undefined
        ? webhookSecret(
            persistedSecret(join(dataDir, 'webhook-secret'), newWebhookSecret),
            join(dataDir, 'webhook-secret'),
          )
        : webhookSecret(env.COUCHLINE_WEBHOOK_SECRET, 'COUCHLINE_WEBHOOK_SECRET'),
    carrierApiKey: env.COUCHLINE_CARRIER_API_KEY ?? persistedSecret(join(dataDir, 'carrier-api-key')),
    voicemailServerUrl: env.COUCHLINE_VOICEMAIL_SERVER_URL ?? null,
    heartbeatMs: positiveInt(env.COUCHLINE_HEARTBEAT_MS, 30_000),
    logLevel: oneOf('COUCHLINE_LOG_LEVEL', env.COUCHLINE_LOG_LEVEL, LOG_LEVELS) ?? 'info',
    logFormat: oneOf('COUCHLINE_LOG_FORMAT', env.COUCHLINE_LOG_FORMAT, ['json', 'pretty'] as const),
    metricsToken: env.COUCHLINE_METRICS_TOKEN || null,
    trustedProxies: addresses('COUCHLINE_TRUSTED_PROXIES', env.COUCHLINE_TRUSTED_PROXIES),
  };
}

/** A comma-separated list of IP addresses; anything else in it stops the start, named. */
function addresses(name: string, value: string | undefined): string[] {
  const list = (value ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const wrong = list.filter((a) => isIP(a) === 0);
  if (wrong.length > 0) throw new Error(`${name} lists IP addresses; not one: ${wrong.join(', ')}`);
  return list;
}

/** {@link loadConfig} for a program starting up: a wrong setting ends it with the message alone, no stack. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    console.error(`Couchline cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/** A port number from the environment (0: any free port), or `fallback` when unset. */
export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`not a port number: ${value}`);
  return n;
}

/** One of the values a setting takes, or null when unset. */
function oneOf<T extends string>(name: string, value: string | undefined, values: readonly T[]): T | null {
  if (value === undefined || value === '') return null;
  if (!(values as readonly string[]).includes(value))
    throw new Error(`${name} is ${values.join(', ')}, not '${value}'`);
  return value as T;
}

function positiveInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive whole number: ${value}`);
  return n;
}

/** A random secret made on first start and kept (owner-only) in the data folder, so restarts keep working. */
function persistedSecret(path: string, make = () => randomBytes(32).toString('base64url')): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    const secret = make();
    writeFileSync(path, secret, { mode: 0o600 });
    return secret;
  }
}

/** A Standard Webhooks secret of 32 random bytes (a file made before issue 14 holds a plain one, still accepted). */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
