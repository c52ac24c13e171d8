import { expect } from 'chai';
import { ErrorCode, type EnrollmentCode } from '../../../protocol/index.ts';
import { waitFor } from '../../../tests/helpers/wait.ts';
import { ApiRequestError } from '../../../client/net/api-client.ts';
import type { PollOutcome } from './enrollment-api.ts';
import { EnrollmentService, type EnrollmentRoutes } from './enrollment-service.ts';

const quiet = { info() {}, warn() {}, error() {} };

/** Routes that answer as each test says, counting what was asked. */
function setup(answers: { poll?: () => Promise<PollOutcome>; assertion?: () => Promise<null> } = {}) {
  const asked = { codes: 0, polls: 0, assertions: 0 };
  const code = (n: number): EnrollmentCode => ({
    deviceCode: `device-code-${n}`,
    userCode: 'WDJBMJHT',
    verificationUri: 'https://couchline.test/link',
    verificationUriComplete: 'https://couchline.test/link?code=WDJBMJHT',
    expiresIn: 600,
    interval: 0.05,
  });
  const routes: EnrollmentRoutes = {
    config: () =>
      Promise.resolve({ verificationUri: 'https://couchline.test/link', deviceAuthUrl: 'https://op.test' }),
    requestCode: () => Promise.resolve(code(++asked.codes)),
    poll: () => {
      asked.polls++;
      return answers.poll?.() ?? Promise.resolve({ status: 'pending' });
    },
    operatorAssertion: () => {
      asked.assertions++;
      return answers.assertion?.() ?? Promise.resolve(null);
    },
    enrollBox: () => Promise.reject(new Error('not expected')),
  };
  const service = new EnrollmentService({
    api: routes,
    describe: () =>
      Promise.resolve({ kind: 'stb', platform: 'fake', model: 'Fake STB', appVersion: '0.1.0' }),
    identity: () => Promise.resolve({ platform: 'rdk', platformId: 'box-1' }),
    log: quiet,
  });
  return { service, asked };
}

describe('EnrollmentService', () => {
  it('a slow down without a new interval adds five seconds (RFC 8628 §3.5)', async () => {
    const { service } = setup({ poll: () => Promise.resolve({ status: 'slow-down', intervalSec: null }) });
    service.start();
    await waitFor(
      () => service.state.step === 'code' && service.state.intervalSec > 1,
      'the slowed interval',
    );
    expect(service.state).to.include({ intervalSec: 5.05 });
    service.stop();
  });

  it('a code the backend refuses outright is replaced, not polled again', async () => {
    const { service, asked } = setup({
      poll: () => Promise.reject(new ApiRequestError(400, ErrorCode.ProtocolMalformed, 'unknown code')),
    });
    service.start();
    await waitFor(() => asked.codes >= 2, 'a second code');
    service.stop();
  });

  it('an operator that fails falls back to the code; after stop() a late answer changes nothing', async () => {
    let answer: ((outcome: PollOutcome) => void) | null = null;
    const late = new Promise<PollOutcome>((resolve) => (answer = resolve));
    const { service, asked } = setup({
      assertion: () => Promise.reject(new Error('operator down')),
      poll: () => late,
    });
    service.start();
    await waitFor(() => asked.polls === 1, 'the first poll');
    expect(asked.assertions).to.equal(1);
    service.stop();
    answer!({
      status: 'granted',
      granted: { deviceId: 'stb-x', token: 't', kind: 'stb', name: 'TV', room: null },
    });
    await late;
    await Promise.resolve();
    expect(service.state.step).to.equal('code');
  });
});
