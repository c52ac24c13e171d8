import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import {
  ConsentAskRequest,
  ConsentDecision,
  DirectoryLoginRequest,
  ErrorCode,
  PhoneNumber,
  PlatformIdentity,
  type Consent,
  type DeviceAssertion,
  type ConsentList,
  type DirectoryAccount,
  type DirectoryKind,
} from '../../protocol/index.ts';
import * as v from 'valibot';
import { errorJson, limitBody, readJson } from '../kit/respond.ts';
import { AttemptGuard } from '../kit/attempt-guard.ts';
import { hashSecret, verifySecret } from '../kit/secrets.ts';
import type { Logger } from '../kit/log.ts';
import { openDeviceAuthSigner, type DeviceAuthSigner } from './device-auth.ts';
import { DirectoryStore, type CarrierDevice, type ConsentRow } from './directory-store.ts';

export interface AccountDirectorySimulatorOptions {
  kind: DirectoryKind;
  /** The carrier's name, for logs ("XYZ Wireless", "FXT Digital TV"). */
  carrierName: string;
  /** The directory's own database file (`:memory:` in tests). */
  dbPath: string;
  /** The key partners (our provisioning service) present as `Authorization: Bearer …`. */
  partnerApiKey: string;
  log: Logger;
  /** How long a line holder has to answer a consent request. */
  consentTtlMs?: number;
  /**
   * A cable operator's device-auth service: who signs its boxes' identity assertions (`iss`). Cable directories
   * have one by default (named after the carrier); wireless ones none.
   */
  deviceAuthIssuer?: string | null;
  /** How long an assertion is good for, in seconds. */
  assertionTtlSec?: number;
  now?: () => number;
}

export interface NewDirectoryAccount {
  /** The carrier's account id; made up when not given. */
  id?: string;
  username: string;
  password: string;
  holderName: string;
  devices: CarrierDevice[];
}

export interface AccountDirectorySimulator {
  /** The carrier's name, for people ("XYZ Wireless"). */
  carrierName: string;
  app: Hono;
  store: DirectoryStore;
  /** The operator's device-auth signer (cable directories); null where there is none. */
  deviceAuth: DeviceAuthSigner | null;
  /** Seeds an account (the password is hashed here); false if the user name exists already. */
  addAccount(account: NewDirectoryAccount): Promise<boolean>;
  setPassword(username: string, password: string): Promise<void>;
  close(): void;
}

/** Compared against when the user name is unknown, so a wrong name takes as long as a wrong password. */
const UNKNOWN_USER_HASH = await hashSecret('no-such-account');

/**
 * A carrier's account directory, simulated: a wireless carrier's (accounts with phone lines) or a cable
 * operator's (accounts with set-top boxes). Logins are checked against scrypt hashes under attempt limits per
 * user name; a line's holder is asked for consent before anyone links it, and answers on their phone. Our
 * provisioning service uses this HTTP interface exactly as it would a real carrier's partner API.
 */
export function createAccountDirectorySimulator(
  options: AccountDirectorySimulatorOptions,
): AccountDirectorySimulator {
  const store = new DirectoryStore(options.dbPath, options.kind);
  const now = options.now ?? Date.now;
  const guard = new AttemptGuard(store, { now });
  const consentTtlMs = options.consentTtlMs ?? 24 * 3600_000;
  const log = options.log;
  const app = new Hono();

  app.get('/health', (c) => c.json({ ok: true, carrier: options.carrierName }));

  const issuer =
    options.deviceAuthIssuer === undefined
      ? options.kind === 'cable'
        ? options.carrierName.toLowerCase().replace(/[^a-z0-9]+/g, '-')
        : null
      : options.deviceAuthIssuer;
  const deviceAuth = issuer ? openDeviceAuthSigner(store, issuer, now) : null;
  if (deviceAuth) {
    const assertionTtlSec = options.assertionTtlSec ?? 300;
    app.get('/.well-known/jwks.json', (c) => c.json(deviceAuth.jwks()));
    // Boxes call this from the TV app, whose page lives on another origin.
    app.use('/device-auth/*', cors({ origin: '*', allowMethods: ['POST'], allowHeaders: ['content-type'] }));
    app.post('/device-auth/token', limitBody(1024), async (c) => {
      const body = await readJson(c, PlatformIdentity);
      if (!body.ok) return body.response;
      // A real operator's service checks the platform's own attestation of the box; the simulator trusts the id.
      const box = store.findDeviceByPlatformId(body.value.platformId);
      if (!box || box.kind !== 'stb') {
        return errorJson(c, 404, ErrorCode.DeviceNotFound, `${options.carrierName} has no such box`);
      }
      const answer: DeviceAssertion = {
        assertion: deviceAuth.assert(box.id, box.accountId, assertionTtlSec),
        expiresIn: assertionTtlSec,
      };
      log.info('device assertion issued', { boxId: box.id });
      return c.json(answer);
    });
  }

  const partner = new Hono();
  partner.use(async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${options.partnerApiKey}`) {
      return errorJson(c, 401, ErrorCode.AuthInvalidToken, 'partner API key missing or wrong');
    }
    await next();
  });

  partner.post('/logins', limitBody(2048), async (c) => {
    const body = await readJson(c, DirectoryLoginRequest);
    if (!body.ok) return body.response;
    const { username, password } = body.value;
    const account = store.findAccount(username);
    const outcome = await guard.attempt(username.toLowerCase(), () =>
      verifySecret(password, account?.passwordHash ?? UNKNOWN_USER_HASH).then(
        (ok) => ok && account !== undefined,
      ),
    );
    if (outcome.ok) {
      const answer: DirectoryAccount = {
        accountId: account!.id,
        directory: options.kind,
        holderName: account!.holderName,
      };
      return c.json(answer);
    }
    log.info('login refused', { reason: outcome.reason });
    if (outcome.reason === 'locked') {
      return errorJson(c, 429, ErrorCode.LoginLocked, 'too many wrong passwords for this account', {
        retryAfterSec: Math.ceil(outcome.retryAfterMs / 1000),
      });
    }
    return errorJson(c, 401, ErrorCode.LoginFailed, 'wrong user name or password', {
      attemptsLeft: outcome.attemptsLeft,
    });
  });

  partner.get('/accounts/:id/devices', (c) => {
    const account = store.getAccount(c.req.param('id'));
    if (!account) return errorJson(c, 404, ErrorCode.NotFound, 'no such account');
    return c.json({ devices: store.listDevices(account.id) });
  });

  partner.get('/devices/:id', (c) => {
    const device = store.getDevice(c.req.param('id'));
    if (!device) return errorJson(c, 404, ErrorCode.DeviceNotFound, 'no such device');
    const { accountId, ...rest } = device;
    const account = store.getAccount(accountId)!;
    return c.json({ device: rest, account: accountOf(account.id, account.holderName) });
  });

  partner.get('/lines/:number', (c) => {
    const line = lineOf(c);
    if (!line)
      return errorJson(c, 404, ErrorCode.LineNotFound, `no ${options.carrierName} account has that line`);
    return c.json(accountOf(line.account.id, line.account.holderName));
  });

  partner.post('/consents', limitBody(2048), async (c) => {
    const body = await readJson(c, ConsentAskRequest);
    if (!body.ok) return body.response;
    const line = store.findLine(body.value.line);
    if (!line)
      return errorJson(c, 404, ErrorCode.LineNotFound, `no ${options.carrierName} account has that line`);
    const consent: ConsentRow = {
      id: `cns_${randomUUID()}`,
      line: body.value.line,
      holderName: line.account.holderName,
      requesterName: body.value.requesterName,
      purpose: body.value.purpose,
      state: 'pending',
      createdAt: now(),
      decidedAt: null,
    };
    store.addConsent(consent);
    log.info('consent asked', { consentId: consent.id });
    return c.json(toConsent(consent), 201);
  });

  partner.get('/consents/:id', (c) => {
    const consent = current(c.req.param('id'));
    if (!consent) return errorJson(c, 404, ErrorCode.ConsentNotFound, 'no such consent request');
    return c.json(toConsent(consent));
  });

  partner.get('/lines/:number/consents', (c) => {
    const number = v.safeParse(PhoneNumber, c.req.param('number'));
    if (!number.success) return errorJson(c, 400, ErrorCode.ProtocolMalformed, 'not a phone number');
    const list: ConsentList = {
      consents: store
        .listConsents(number.output, 'pending')
        .map((row) => current(row.id)!)
        .filter((row) => row.state === 'pending')
        .map(toConsent),
    };
    return c.json(list);
  });

  partner.post('/consents/:id/decision', limitBody(256), async (c) => {
    const body = await readJson(c, ConsentDecision);
    if (!body.ok) return body.response;
    const consent = current(c.req.param('id'));
    if (!consent) return errorJson(c, 404, ErrorCode.ConsentNotFound, 'no such consent request');
    if (consent.state !== 'pending') {
      return errorJson(c, 409, ErrorCode.ConsentMissing, `this request was already ${consent.state}`);
    }
    store.decideConsent(consent.id, body.value.approve ? 'approved' : 'refused', now());
    log.info('consent answered', { consentId: consent.id, approved: body.value.approve });
    return c.json(toConsent(store.getConsent(consent.id)!));
  });

  app.route('/v1', partner);

  function accountOf(accountId: string, holderName: string): DirectoryAccount {
    return { accountId, directory: options.kind, holderName };
  }

  function lineOf(c: Context) {
    const number = v.safeParse(PhoneNumber, c.req.param('number'));
    return number.success ? store.findLine(number.output) : undefined;
  }

  /** The consent as it stands now: a pending one past its time has expired. */
  function current(id: string): ConsentRow | undefined {
    const consent = store.getConsent(id);
    if (consent?.state === 'pending' && now() - consent.createdAt > consentTtlMs) {
      store.decideConsent(id, 'expired', now());
      return store.getConsent(id);
    }
    return consent;
  }

  return {
    carrierName: options.carrierName,
    app,
    store,
    deviceAuth,
    async addAccount(account) {
      if (store.findAccount(account.username)) return false;
      return store.addAccount(
        {
          id: account.id ?? `${options.kind === 'wireless' ? 'w' : 'c'}acct_${randomUUID()}`,
          username: account.username,
          passwordHash: await hashSecret(account.password),
          holderName: account.holderName,
        },
        account.devices,
      );
    },
    async setPassword(username, password) {
      store.setPasswordHash(username, await hashSecret(password));
    },
    close: () => store.close(),
  };
}

function toConsent(row: ConsentRow): Consent {
  return {
    id: row.id,
    line: row.line,
    holderName: row.holderName,
    requesterName: row.requesterName,
    purpose: row.purpose,
    state: row.state,
    createdAt: new Date(row.createdAt).toISOString(),
    decidedAt: row.decidedAt === null ? null : new Date(row.decidedAt).toISOString(),
  };
}
