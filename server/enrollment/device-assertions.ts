import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** What a verified assertion says: which box of which cable account is talking. */
export interface VerifiedBox {
  boxId: string;
  accountId: string;
  /** The assertion's own id and end, so it can be used once. */
  assertionId: string;
  expiresAt: number;
}

/**
 * The cable operator's device-auth service, as our backend sees it: where boxes get their assertions (handed to
 * the TV app), and how we check one. A real operator's service is another implementation of this.
 */
export interface DeviceAuthority {
  /** Where boxes ask for an assertion (`POST {url}/device-auth/token`). */
  readonly url: string;
  /** The box an assertion names, or null for one that is forged, expired, not for us, or another operator's. */
  verify(assertion: string): Promise<VerifiedBox | null>;
}

/** Assertions that claim to live longer than this are refused: a box's identity is proved fresh each time. */
const MAX_LIFETIME_SEC = 600;
/** Clocks of boxes, operator and backend differ a little. */
const CLOCK_SKEW_SEC = 60;
/** An unknown key id fetches the key set again, but not more often than this (a flood of forged kids). */
const REFETCH_EVERY_MS = 30_000;

/**
 * Verifies the operator's compact JWS assertions (EdDSA, Ed25519) with the public keys its service publishes at
 * `/.well-known/jwks.json`: the signature, `iss` (the operator), `aud` (us), `exp`/`iat`, and a bounded lifetime.
 * Only public keys are involved — nothing here could make an assertion.
 */
export class JwksDeviceAuthority implements DeviceAuthority {
  readonly url: string;
  private readonly jwksUrl: string;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly now: () => number;
  private keys = new Map<string, KeyObject>();
  private fetchedAt = -Infinity;
  private fetching: Promise<void> | null = null;

  constructor(options: {
    url: string;
    issuer: string;
    audience?: string;
    jwksUrl?: string;
    now?: () => number;
  }) {
    this.url = options.url.replace(/\/$/, '');
    this.jwksUrl = options.jwksUrl ?? `${this.url}/.well-known/jwks.json`;
    this.issuer = options.issuer;
    this.audience = options.audience ?? 'couchline';
    this.now = options.now ?? Date.now;
  }

  async verify(assertion: string): Promise<VerifiedBox | null> {
    const parts = assertion.split('.');
    if (parts.length !== 3) return null;
    const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];
    const header = decodeJson(headerB64);
    const claims = decodeJson(payloadB64);
    // typ too: another of the operator's tokens with the same issuer and audience is not a device assertion.
    if (!header || !claims || header['alg'] !== 'EdDSA' || header['typ'] !== 'JWT') return null;
    if (typeof header['kid'] !== 'string') return null;
    const key = await this.key(header['kid']);
    if (!key) return null;
    const signed = verify(
      null,
      Buffer.from(`${headerB64}.${payloadB64}`),
      key,
      Buffer.from(signatureB64, 'base64url'),
    );
    if (!signed) return null;
    const nowSec = Math.floor(this.now() / 1000);
    const { iss, aud, sub, acct, exp, iat, jti } = claims;
    if (iss !== this.issuer || aud !== this.audience) return null;
    if (typeof sub !== 'string' || typeof acct !== 'string' || typeof jti !== 'string') return null;
    if (typeof exp !== 'number' || typeof iat !== 'number') return null;
    if (exp + CLOCK_SKEW_SEC <= nowSec || iat - CLOCK_SKEW_SEC > nowSec || exp - iat > MAX_LIFETIME_SEC) {
      return null;
    }
    return {
      boxId: sub,
      accountId: acct,
      assertionId: `${iss}:${jti}`,
      expiresAt: (exp + CLOCK_SKEW_SEC) * 1000,
    };
  }

  private async key(kid: string): Promise<KeyObject | undefined> {
    if (!this.keys.has(kid) && this.now() - this.fetchedAt >= REFETCH_EVERY_MS) await this.refresh();
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.fetching ??= (async () => {
      try {
        const response = await fetch(this.jwksUrl, { signal: AbortSignal.timeout(5000) });
        if (!response.ok) return;
        const { keys } = (await response.json()) as { keys?: JsonWebKey[] };
        const next = new Map<string, KeyObject>();
        for (const jwk of keys ?? []) {
          const kid = (jwk as { kid?: unknown }).kid;
          if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof kid !== 'string') continue;
          next.set(kid, createPublicKey({ key: jwk, format: 'jwk' }));
        }
        // An empty or unusable key set keeps the keys we had (a broken publish must not lock every box out).
        if (next.size > 0) this.keys = next;
      } catch {
        // The operator's service did not answer: assertions with an unknown key fail until it does.
      } finally {
        // Failed fetches count too, so a flood of unknown key ids cannot make us hammer a service that is down.
        this.fetchedAt = this.now();
        this.fetching = null;
      }
    })();
    return this.fetching;
  }
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
