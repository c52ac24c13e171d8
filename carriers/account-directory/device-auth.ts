import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
} from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import type { DirectoryStore } from './directory-store.ts';

/**
 * The cable operator's device-auth service, simulated: a box that proves which box it is (here by the id its
 * platform knows it by) gets a short-lived assertion signed with the operator's Ed25519 key — a compact JWS
 * (EdDSA) — that partners verify with the operator's public key from `/.well-known/jwks.json`. No secret is
 * shared: a partner can check an assertion but never make one.
 */
export interface DeviceAuthSigner {
  readonly issuer: string;
  /** The public keys partners verify with (RFC 7517 JWK Set). */
  jwks(): { keys: JsonWebKey[] };
  /** An assertion that `boxId` on `accountId` is talking, valid for `ttlSec`. */
  assert(boxId: string, accountId: string, ttlSec: number): string;
}

/** Who the assertions are for: Couchline's backend checks `aud`. */
export const DEVICE_ASSERTION_AUDIENCE = 'couchline';

/** Opens the directory's signing key, made on first use and kept in its own database. */
export function openDeviceAuthSigner(
  store: DirectoryStore,
  issuer: string,
  now: () => number = Date.now,
): DeviceAuthSigner {
  let pem = store.getSetting('device-auth.private-key');
  if (!pem) {
    const { privateKey } = generateKeyPairSync('ed25519');
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    store.setSetting('device-auth.private-key', pem);
  }
  const privateKey: KeyObject = createPrivateKey(pem);
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = createHash('sha256').update(String(publicJwk.x)).digest('base64url').slice(0, 16);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return {
    issuer,
    jwks: () => ({ keys: [{ ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }] }),
    assert(boxId, accountId, ttlSec) {
      const iat = Math.floor(now() / 1000);
      const signingInput = `${b64({ alg: 'EdDSA', typ: 'JWT', kid })}.${b64({
        iss: issuer,
        aud: DEVICE_ASSERTION_AUDIENCE,
        sub: boxId,
        acct: accountId,
        iat,
        exp: iat + ttlSec,
        jti: randomUUID(),
      })}`;
      return `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
    },
  };
}
