import { http, HttpResponse } from 'msw';
import type * as v from 'valibot';
import {
  BoxEnrollment,
  EnrollmentPoll,
  EnrollmentStart,
  ErrorCode,
  PlatformIdentity,
  validate,
  type ErrorBody,
} from '../../protocol/index.ts';
import type { MockEnrollment } from '../mock-enrollment.ts';

const malformed = (message: string) =>
  HttpResponse.json({ error: { code: ErrorCode.ProtocolMalformed, message } } satisfies ErrorBody, {
    status: 400,
  });

async function body<S extends v.GenericSchema>(request: Request, schema: S) {
  return validate(schema, await request.json().catch(() => undefined));
}

/**
 * The backend's enrollment routes (server/enrollment) and the cable operator's device-auth service, answered by a
 * {@link MockEnrollment} with the same bodies and error codes.
 */
export function enrollmentHandlers(enrollment: MockEnrollment) {
  const answer = (result: { status: number; body: object }) =>
    HttpResponse.json(result.body, { status: result.status });
  return [
    http.get('*/api/enroll/config', () =>
      enrollment.offline ? HttpResponse.error() : HttpResponse.json(enrollment.config()),
    ),
    http.post('*/api/enroll/codes', async ({ request }) => {
      if (enrollment.offline) return HttpResponse.error();
      const parsed = await body(request, EnrollmentStart);
      if (!parsed.ok) return malformed(parsed.message);
      return HttpResponse.json(enrollment.issueCode(parsed.value), { status: 201 });
    }),
    http.post('*/api/enroll/token', async ({ request }) => {
      if (enrollment.offline) return HttpResponse.error();
      const parsed = await body(request, EnrollmentPoll);
      if (!parsed.ok) return malformed(parsed.message);
      return answer(enrollment.poll(parsed.value.deviceCode));
    }),
    http.post('*/api/enroll/box', async ({ request }) => {
      if (enrollment.offline) return HttpResponse.error();
      const parsed = await body(request, BoxEnrollment);
      if (!parsed.ok) return malformed(parsed.message);
      return answer(enrollment.enrollBox(parsed.value));
    }),
    // The operator's service, wherever the config says it is.
    http.post('*/device-auth/token', async ({ request }) => {
      const parsed = await body(request, PlatformIdentity);
      if (!parsed.ok) return malformed(parsed.message);
      const assertion = enrollment.assertion(parsed.value);
      return assertion
        ? HttpResponse.json(assertion)
        : HttpResponse.json(
            {
              error: { code: ErrorCode.DeviceNotFound, message: 'not one of our boxes' },
            } satisfies ErrorBody,
            { status: 404 },
          );
    }),
  ];
}
