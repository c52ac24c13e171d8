import { expect } from 'chai';
import { correction, generate } from 'lean-qr/nano';
import type { EnrollmentScreen } from '../../app/features/enrollment/enrollment-screen.ts';
import { QR_QUIET_MODULES } from '../../app/features/enrollment/qr-code.ts';
import type { TvApp } from '../../app/tv-app.ts';
import type Lightning from '../../app/ui/lightning.ts';
import { MOCK_CREDENTIALS, voicemailFixture } from '../../mocks/fixtures.ts';
import { formatUserCode } from '../../protocol/index.ts';
import type { DeviceCredentials, PlatformIdentity } from '../../platform-adapters/contract/index.ts';
import { startMockPush } from '../helpers/mock-push.ts';
import { visibleTexts } from '../helpers/scene.ts';
import { startTestTv } from '../helpers/tv.ts';
import { waitFor } from '../helpers/wait.ts';

const FIRST_CODE = 'WDJB-MJHT';
const JANE = 'Voice mail from Jane 505-555-1313';
const WAITING = 'Waiting for your household to approve this TV…';

describe('TV app: a TV without a token enrolls (by code, or by its own identity) and starts', () => {
  const cleanups: (() => unknown)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** The mock backend with short poll intervals, and a TV on a fake platform (no credentials unless given). */
  async function setup(
    options: {
      credentials?: DeviceCredentials | null;
      identity?: PlatformIdentity;
      intervalSec?: number;
    } = {},
  ) {
    const mock = await startMockPush('empty');
    cleanups.push(mock.stop);
    mock.enrollment.intervalSec = options.intervalSec ?? 0.1;
    return {
      mock,
      start: async () => {
        const tv = await startTestTv({
          credentials: options.credentials === undefined ? null : options.credentials,
          ...(options.identity ? { identity: options.identity } : {}),
        });
        cleanups.push(tv.stop);
        return tv;
      },
    };
  }

  const texts = (app: TvApp) => visibleTexts(app.root);
  const showsCode = (app: TvApp, code: string) => texts(app).includes(code);
  const screenOf = (app: TvApp) => app.root.tag('Enrollment') as unknown as EnrollmentScreen;
  const codeState = (app: TvApp) => {
    const state = app.enrollment?.service.state;
    return state?.step === 'code' ? state : null;
  };

  it('shows "go to … and enter WDJB-MJHT" with a QR code of the link, and starts once approved', async () => {
    const { mock, start } = await setup();
    const { app, adapter } = await start();
    await waitFor(() => showsCode(app, FIRST_CODE), 'the code on screen');
    expect(texts(app)).to.include.members([
      'Add this TV to your household',
      'On your phone or computer, go to',
      'https://couchline.test/link',
      'and enter this code:',
      'This code works for 10 more minutes.',
      WAITING,
    ]);
    // The TV said what it is, for whoever approves it.
    expect(mock.enrollment.latest?.start).to.deep.include({
      kind: 'stb',
      platform: 'fake',
      model: 'Fake STB',
    });

    // The QR code holds the link with the code filled in, module for module as the QR library encodes it.
    const screen = screenOf(app);
    const qr = screen.qrDrawing!;
    expect(qr.text).to.equal('https://couchline.test/link?code=WDJBMJHT');
    const expected = generate(qr.text, { minCorrectionLevel: correction.M });
    expect(qr.modules).to.equal(expected.size);
    const across = expected.size + 2 * QR_QUIET_MODULES;
    expect(qr.canvas.width).to.equal(across * qr.moduleSize);
    const pixels = qr.canvas.getContext('2d')!.getImageData(0, 0, qr.canvas.width, qr.canvas.height).data;
    const mismatches: string[] = [];
    for (let y = -QR_QUIET_MODULES; y < expected.size + QR_QUIET_MODULES; y++) {
      for (let x = -QR_QUIET_MODULES; x < expected.size + QR_QUIET_MODULES; x++) {
        const px = Math.floor((x + QR_QUIET_MODULES + 0.5) * qr.moduleSize);
        const py = Math.floor((y + QR_QUIET_MODULES + 0.5) * qr.moduleSize);
        const dark = pixels[(py * qr.canvas.width + px) * 4]! < 128;
        if (dark !== expected.get(x, y)) mismatches.push(`${x},${y}`);
      }
    }
    expect(mismatches, 'modules drawn differently from the library').to.deep.equal([]);
    // Big enough to scan from the sofa (half the 1080-line screen), and on screen as a texture.
    const element = screen.tag('Qr') as Lightning.Element & { texture: { isLoaded(): boolean } | null };
    expect(element.w).to.equal(qr.canvas.width).and.be.at.least(500);
    await waitFor(() => element.texture?.isLoaded(), 'the QR texture to load');

    mock.enrollment.approve('WDJBMJHT', 'stb-bedroom');
    await waitFor(() => app.push?.state === 'online', 'the enrolled TV online');
    expect(await adapter.getCredentials()).to.include({ deviceId: 'stb-bedroom' });
    expect(app.enrollment).to.equal(null);
    expect(texts(app)).not.to.include(FIRST_CODE);
    mock.gateway.publish('stb-bedroom', 'voicemail.new', 'vm:after', voicemailFixture('after'));
    await waitFor(() => texts(app).includes(JANE), 'the first alert after enrolling');
  });

  it('SLOW_DOWN raises the interval, and the TV keeps to it', async () => {
    const { mock, start } = await setup();
    const { app } = await start();
    await waitFor(() => showsCode(app, FIRST_CODE), 'the code');
    mock.enrollment.slowDown('WDJBMJHT', 0.5);
    await waitFor(() => codeState(app)?.intervalSec === 0.5, 'the interval of 0.5 s');
    const polls = mock.enrollment.latest!.polls;
    const from = polls.length - 1;
    await waitFor(() => polls.length >= from + 3, 'two polls at the new interval');
    const gaps = polls.slice(from).map((at, i, all) => (i === 0 ? 500 : at - all[i - 1]!));
    for (const gap of gaps) expect(gap).to.be.at.least(450);
    expect(codeState(app)?.intervalSec, 'no further slow down').to.equal(0.5);
  });

  it('an expired code is replaced by a new one, whether the server or the clock says so', async () => {
    const { mock, start } = await setup();
    const { app } = await start();
    await waitFor(() => showsCode(app, FIRST_CODE), 'the code');
    mock.enrollment.expire('WDJBMJHT');
    await waitFor(() => mock.enrollment.codes.length === 2, 'a second code after EXPIRED_TOKEN');
    const second = formatUserCode(mock.enrollment.codes[1]!.userCode);
    await waitFor(() => showsCode(app, second), 'the second code on screen');
    expect(texts(app)).not.to.include(FIRST_CODE);
    expect(screenOf(app).qrDrawing?.text).to.equal(
      `https://couchline.test/link?code=${mock.enrollment.codes[1]!.userCode}`,
    );

    // No poll answers in time this once: the code's own expiry brings the next one.
    mock.enrollment.intervalSec = 60;
    mock.enrollment.expiresInSec = 0.5;
    mock.enrollment.expire(mock.enrollment.codes[1]!.userCode);
    await waitFor(() => mock.enrollment.codes.length === 3, 'a third code');
    await waitFor(() => mock.enrollment.codes.length === 4, 'a fourth code when the third runs out', 3000);
    expect(mock.enrollment.codes[2]!.polls, 'the third code was never polled').to.deep.equal([]);
  });

  it('"The household declined this TV": OK on the focused "Get a new code" shows a new code', async () => {
    const { mock, start } = await setup();
    const { app, adapter } = await start();
    await waitFor(() => showsCode(app, FIRST_CODE), 'the code');
    mock.enrollment.deny('WDJBMJHT');
    await waitFor(
      () => texts(app).includes('The household declined this TV. Press OK for a new code.'),
      'the refusal',
    );
    expect(texts(app)).to.include('Get a new code');
    expect(texts(app)).not.to.include(FIRST_CODE);
    const focusPath = (app.root as unknown as { focusPath: Lightning.Element[] }).focusPath;
    expect(focusPath[focusPath.length - 1]).to.equal(screenOf(app).tag('NewCode'));
    const polls = mock.enrollment.codes[0]!.polls.length;
    adapter.press('Enter');
    await waitFor(() => mock.enrollment.codes.length === 2, 'a new code after OK');
    await waitFor(() => showsCode(app, formatUserCode(mock.enrollment.codes[1]!.userCode)), 'it on screen');
    expect(texts(app)).to.include(WAITING);
    expect(mock.enrollment.codes[0]!.polls.length, 'the declined code is not polled again').to.equal(polls);
  });

  it('keeps the code up and keeps trying while the backend cannot be reached', async () => {
    const { mock, start } = await setup();
    const { app } = await start();
    await waitFor(() => showsCode(app, FIRST_CODE), 'the code');
    mock.enrollment.offline = true;
    await waitFor(
      () => texts(app).includes('Couchline cannot be reached right now. Still trying…'),
      'the trouble said',
    );
    expect(texts(app)).to.include(FIRST_CODE);
    mock.enrollment.offline = false;
    mock.enrollment.approve('WDJBMJHT', 'stb-bedroom');
    await waitFor(() => app.push?.state === 'online', 'enrolled once the backend is back', 8000);
  });

  it('a TV its household removes (socket closed 4403) forgets its token and shows a code, then enrolls again', async () => {
    const { mock, start } = await setup({ credentials: MOCK_CREDENTIALS });
    const { app, adapter } = await start();
    const signedOut: string[] = [];
    app.bus.on('device:signed-out', ({ reason }) => signedOut.push(reason));
    await waitFor(() => app.push?.state === 'online', 'online');
    expect(mock.enrollment.codes).to.have.length(0);

    mock.gateway.revoke(MOCK_CREDENTIALS.deviceId);
    await waitFor(() => showsCode(app, FIRST_CODE), 'a fresh code on screen');
    expect(signedOut).to.deep.equal(['revoked']);
    expect(await adapter.getCredentials()).to.equal(null);
    expect(app.push).to.equal(null);

    mock.enrollment.approve('WDJBMJHT', MOCK_CREDENTIALS.deviceId);
    await waitFor(() => app.push?.state === 'online', 'online again once re-enrolled');
    expect((await adapter.getCredentials())?.token).to.not.equal(MOCK_CREDENTIALS.token);
  });

  it('a request refused with 401 (token revoked, socket still open) sends the TV back to the code too', async () => {
    const { mock, start } = await setup({ credentials: MOCK_CREDENTIALS });
    const { app, adapter } = await start();
    await waitFor(() => app.push?.state === 'online', 'online');
    mock.gateway.tokens.revoke(MOCK_CREDENTIALS.deviceId);
    adapter.tune('4'); // the TV reports its channel: PUT /api/displays/me, now 401 AUTH_REVOKED
    await waitFor(() => showsCode(app, FIRST_CODE), 'the code screen');
    expect(await adapter.getCredentials()).to.equal(null);
  });

  it('a box its operator vouches for enrolls by its identity, without a code', async () => {
    const identity: PlatformIdentity = { platform: 'rdk', platformId: 'rdk-box-0042' };
    const { mock, start } = await setup({ identity });
    mock.enrollment.deviceAuthUrl = 'https://device-auth.operator.test';
    mock.enrollment.operatorBoxes.set(identity.platformId, 'stb-bedroom');
    const { app, adapter } = await start();
    await waitFor(() => app.push?.state === 'online', 'online by zero-touch');
    expect(mock.enrollment.codes, 'no code was asked for').to.have.length(0);
    expect(mock.enrollment.boxEnrollments).to.deep.equal([
      { deviceId: 'stb-bedroom', platform: 'fake', model: 'Fake STB' },
    ]);
    expect(await adapter.getCredentials()).to.include({ deviceId: 'stb-bedroom' });
  });

  it('a box its operator does not know falls back to the code', async () => {
    const { mock, start } = await setup({ identity: { platform: 'tizen', platformId: 'DUID-unknown' } });
    mock.enrollment.deviceAuthUrl = 'https://device-auth.operator.test';
    const { app } = await start();
    await waitFor(() => showsCode(app, FIRST_CODE), 'the code');
    expect(mock.enrollment.boxEnrollments).to.have.length(0);
  });
});
