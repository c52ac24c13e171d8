import { expect } from 'chai';
import { CloseCode, ErrorCode } from '../protocol/index.ts';
import { voicemailFixture } from './fixtures.ts';
import { MockGateway, type MockSocket } from './mock-gateway.ts';

/** The mock must hold to the same protocol as the real gateway, or tests against it prove nothing. */
function socket() {
  const sent: Record<string, unknown>[] = [];
  let closed: number | undefined;
  const s: MockSocket = {
    send: (data) => sent.push(JSON.parse(data) as Record<string, unknown>),
    close: (code) => (closed = code),
  };
  return { s, sent, closed: () => closed };
}

describe('MockGateway', () => {
  it('refuses a bad token and a frame before hello, like the real gateway', () => {
    const gateway = new MockGateway({ good: 'stb' });
    const a = socket();
    gateway.connect(a.s)(JSON.stringify({ type: 'hello', v: 1, token: 'bad-token-0000000000', lastSeq: 0 }));
    expect(a.sent[0]).to.include({ type: 'error', code: ErrorCode.AuthInvalidToken });
    expect(a.closed()).to.equal(CloseCode.AuthFailed);
    const b = socket();
    gateway.connect(b.s)(JSON.stringify({ type: 'ack', seq: 1 }));
    expect(b.sent[0]).to.include({ code: ErrorCode.AuthRequired });
  });

  it('replays unacknowledged events in order after lastSeq', () => {
    const gateway = new MockGateway({ 'token-for-stb-000000': 'stb' });
    for (const id of ['a', 'b', 'c']) gateway.publish('stb', 'voicemail.new', id, voicemailFixture(id));
    const c = socket();
    gateway.connect(c.s)(
      JSON.stringify({
        type: 'hello',
        v: 1,
        token: 'token-for-stb-000000',
        lastSeq: 1,
        epoch: gateway.epoch,
      }),
    );
    expect(c.sent.map((f) => f.type)).to.deep.equal(['welcome', 'event', 'event']);
    expect(c.sent.slice(1).map((f) => f.id)).to.deep.equal(['b', 'c']);
  });

  it('revokes a device like the real gateway: AUTH_REVOKED, close 4403, and its token refused at the next hello', () => {
    const gateway = new MockGateway({ 'token-for-stb-000000': 'stb' });
    const hello = JSON.stringify({ type: 'hello', v: 1, token: 'token-for-stb-000000', lastSeq: 0 });
    const a = socket();
    gateway.connect(a.s)(hello);
    gateway.revoke('stb');
    expect(a.sent[a.sent.length - 1]).to.include({ type: 'error', code: ErrorCode.AuthRevoked });
    expect(a.closed()).to.equal(CloseCode.Revoked);
    expect(gateway.isConnected('stb')).to.equal(false);
    // Told apart from an unknown token at the next hello too, as the real gateway tells it.
    const b = socket();
    gateway.connect(b.s)(hello);
    expect(b.sent[0]).to.include({ type: 'error', code: ErrorCode.AuthRevoked });
    expect(b.closed()).to.equal(CloseCode.Revoked);
  });
});
