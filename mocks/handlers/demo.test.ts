import { expect } from 'chai';
import { ErrorCode } from '../../protocol/index.ts';
import { startMockPush } from '../../tests/helpers/mock-push.ts';
import { MOCK_TOKENS } from '../fixtures.ts';

/** The mocked REST routes answer like the real ones, error codes included, through msw's service worker. */
describe('mocked demo routes', () => {
  before(() => startMockPush());

  const pair = (body: string) =>
    fetch('/api/demo/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('lists the demo household', async () => {
    const response = await fetch('/api/demo/devices');
    const { devices } = (await response.json()) as { devices: { id: string; kind: string }[] };
    expect(devices.filter((d) => d.kind === 'stb').map((d) => d.id)).to.deep.equal([
      'stb-bedroom',
      'stb-living-room',
    ]);
  });

  it('pairs a demo device with the token the mock gateway accepts', async () => {
    const response = await pair(JSON.stringify({ deviceId: 'stb-bedroom' }));
    expect(response.status).to.equal(201);
    expect(await response.json()).to.deep.equal({
      deviceId: 'stb-bedroom',
      token: MOCK_TOKENS['stb-bedroom'],
    });
  });

  it('answers bad bodies and unknown devices with the backend error codes', async () => {
    const malformed = await pair('{nope');
    expect(malformed.status).to.equal(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).to.equal(
      ErrorCode.ProtocolMalformed,
    );
    const extra = await pair(JSON.stringify({ deviceId: 'stb-bedroom', admin: true }));
    expect(extra.status).to.equal(400);
    const unknown = await pair(JSON.stringify({ deviceId: 'stb-next-door' }));
    expect(unknown.status).to.equal(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).to.equal(
      ErrorCode.DeviceNotFound,
    );
  });
});
