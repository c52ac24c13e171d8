import { http, HttpResponse } from 'msw';
import {
  DeliveryLogQuery,
  DeviceRename,
  EnrollmentApproval,
  ErrorCode,
  JointAccountLogin,
  PhoneEnrollment,
  SecondAccount,
  UpdateConfig,
  validate,
  type AccountLinking,
  type AccountUnlinked,
  type DeliveryLogView,
  type EnrollmentApproved,
  type JointAccountSaved,
  type HouseholdDeviceList,
} from '../../protocol/index.ts';
import { MOCK_JOINT_ACCOUNT } from '../fixtures.ts';
import type { MockHousehold } from '../mock-household.ts';
import { failure, isFailure, type Failure } from '../refusals.ts';
import { answer, bearerToken, jsonBody, refusal } from './responses.ts';

// web/phone/test-household.ts takes MockHousehold from here, where it was before it had a module of its own
// (web/phone is another change's to move).
export { MockHousehold } from '../mock-household.ts';

/** The session token `/api/joint-accounts/login` gives for the mock household. */
const SESSION_TOKEN = 'mock-joint-session';

/**
 * The backend's enrollment routes (server/enrollment), answered by a {@link MockHousehold}: the setup page's
 * `/api/joint-accounts/login` and `…/:id/{enrollments,devices,delivery-log}`, a phone's `/api/household/*`, and
 * `POST /api/enroll/phone`.
 */
export function householdHandlers(household: MockHousehold) {
  /** The joint account's session, or why not. */
  const session = (request: Request, id: unknown): Failure | null =>
    bearerToken(request) !== SESSION_TOKEN
      ? failure(401, ErrorCode.AccountSessionInvalid, 'log in again')
      : id !== MOCK_JOINT_ACCOUNT.jointAccountId
        ? failure(403, ErrorCode.Forbidden, 'not your joint account')
        : null;
  /** A device of the household by its token, or why not (which devices may add others is the backend's rule). */
  const phone = (request: Request): Failure | null =>
    household.deviceOfToken(bearerToken(request)) ? null : household.tokenRefusal(bearerToken(request));
  const list = () => HttpResponse.json({ devices: household.list() } satisfies HouseholdDeviceList);

  const approvalRoutes = (base: string, guard: (request: Request, id: unknown) => Failure | null) => [
    http.get(`*${base}/enrollments/:userCode`, ({ request, params }) =>
      answer(guard(request, params.id) ?? household.lookup(String(params.userCode)), (r) => r.view),
    ),
    http.post(`*${base}/enrollments`, async ({ request, params }) => {
      const denied = guard(request, params.id);
      if (denied) return refusal(denied);
      const body = await jsonBody(request, EnrollmentApproval);
      if (!body.ok) return body.response;
      return answer(
        household.approve(body.value),
        (device) => ({ device }) satisfies EnrollmentApproved,
        201,
      );
    }),
    http.post(`*${base}/enrollments/:userCode/deny`, ({ request, params }) =>
      answer(guard(request, params.id) ?? household.deny(String(params.userCode)), () => null, 204),
    ),
  ];

  return [
    http.post('*/api/joint-accounts/login', async ({ request }) => {
      const body = await jsonBody(request, JointAccountLogin);
      if (!body.ok) return body.response;
      const { jointAccountId, password } = body.value;
      if (jointAccountId !== MOCK_JOINT_ACCOUNT.jointAccountId || password !== MOCK_JOINT_ACCOUNT.password) {
        // As the backend answers the first wrong password; fewer tries left and a lock are the backend's to count.
        return refusal(
          failure(401, ErrorCode.LoginFailed, 'wrong joint account id or password', {
            attemptsLeft: 4,
            field: 'password',
          }),
        );
      }
      return HttpResponse.json({ sessionToken: SESSION_TOKEN, account: household.view() });
    }),
    http.post('*/api/joint-accounts/logout', () => new HttpResponse(null, { status: 204 })),
    http.get('*/api/joint-accounts/:id/delivery-log', ({ request, params }) => {
      const denied = session(request, params.id);
      if (denied) return refusal(denied);
      const query = validate(DeliveryLogQuery, Object.fromEntries(new URL(request.url).searchParams));
      if (!query.ok) {
        return refusal(failure(400, query.code, query.message, query.field ? { field: query.field } : {}));
      }
      return HttpResponse.json(household.links.logPage(query.value) satisfies DeliveryLogView);
    }),
    http.put('*/api/joint-accounts/:id/config', async ({ request, params }) => {
      const denied = session(request, params.id);
      if (denied) return refusal(denied);
      const body = await jsonBody(request, UpdateConfig);
      if (!body.ok) return body.response;
      household.saveConfig(body.value.config);
      return HttpResponse.json({
        account: household.view(),
        registrations: household.links.registrations(),
        sessionToken: SESSION_TOKEN,
      } satisfies JointAccountSaved);
    }),
    http.post('*/api/joint-accounts/:id/accounts', async ({ request, params }) => {
      const denied = session(request, params.id);
      if (denied) return refusal(denied);
      const body = await jsonBody(request, SecondAccount);
      if (!body.ok) return body.response;
      const linking = household.links.link(body.value);
      return answer(
        linking,
        (l) => ({ ...l, account: household.view() }) satisfies AccountLinking,
        !isFailure(linking) && linking.status === 'linked' ? 201 : 202,
      );
    }),
    http.get('*/api/joint-accounts/:id/accounts/link', ({ request, params }) =>
      answer(
        session(request, params.id) ?? household.links.linkState(),
        (l) => ({ ...l, account: household.view() }) satisfies AccountLinking,
      ),
    ),
    http.delete('*/api/joint-accounts/:id/accounts/:linkId', ({ request, params }) =>
      answer(
        session(request, params.id) ?? household.links.unlink(String(params.linkId)),
        (u) => ({ ...u, account: household.view() }) satisfies AccountUnlinked,
      ),
    ),
    ...approvalRoutes('/api/joint-accounts/:id', session),
    http.get('*/api/joint-accounts/:id/devices', ({ request, params }) => {
      const denied = session(request, params.id);
      return denied ? refusal(denied) : list();
    }),
    http.patch('*/api/joint-accounts/:id/devices/:deviceId', async ({ request, params }) => {
      const denied = session(request, params.id);
      if (denied) return refusal(denied);
      const body = await jsonBody(request, DeviceRename);
      if (!body.ok) return body.response;
      return answer(household.rename(String(params.deviceId), body.value));
    }),
    http.delete('*/api/joint-accounts/:id/devices/:deviceId', ({ request, params }) =>
      answer(session(request, params.id) ?? household.remove(String(params.deviceId)), () => null, 204),
    ),
    ...approvalRoutes('/api/household', (request) => phone(request)),
    http.get('*/api/household/devices', ({ request }) => {
      const denied = phone(request);
      return denied ? refusal(denied) : list();
    }),
    http.post('*/api/enroll/phone', async ({ request }) => {
      const body = await jsonBody(request, PhoneEnrollment);
      if (!body.ok) return body.response;
      return answer(household.enrollPhone(body.value), (grant) => grant, 201);
    }),
  ];
}
