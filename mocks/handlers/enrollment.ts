import { http, HttpResponse } from 'msw';
import {
  BoxEnrollment,
  EnrollmentPoll,
  EnrollmentStart,
  ErrorCode,
  PlatformIdentity,
} from '../../protocol/index.ts';
import type { MockEnrollment } from '../mock-enrollment.ts';
import { failure } from '../refusals.ts';
import { answer, jsonBody } from './responses.ts';

/**
 * The backend's enrollment routes (server/enrollment) and the cable operator's device-auth service, answered by a
 * {@link MockEnrollment} with the same bodies and error codes.
 */
export function enrollmentHandlers(enrollment: MockEnrollment) {
  return [
    http.get('*/api/enroll/config', () =>
      enrollment.offline ? HttpResponse.error() : HttpResponse.json(enrollment.config()),
    ),
    http.post('*/api/enroll/codes', async ({ request }) => {
      if (enrollment.offline) return HttpResponse.error();
      const body = await jsonBody(request, EnrollmentStart);
      if (!body.ok) return body.response;
      return HttpResponse.json(enrollment.issueCode(body.value), { status: 201 });
    }),
    http.post('*/api/enroll/token', async ({ request }) => {
      if (enrollment.offline) return HttpResponse.error();
      const body = await jsonBody(request, EnrollmentPoll);
      if (!body.ok) return body.response;
      return answer(enrollment.poll(body.value.deviceCode));
    }),
    http.post('*/api/enroll/box', async ({ request }) => {
      if (enrollment.offline) return HttpResponse.error();
      const body = await jsonBody(request, BoxEnrollment);
      if (!body.ok) return body.response;
      return answer(enrollment.enrollBox(body.value), undefined, 201);
    }),
    // The operator's service, wherever the config says it is.
    http.post('*/device-auth/token', async ({ request }) => {
      const body = await jsonBody(request, PlatformIdentity);
      if (!body.ok) return body.response;
      return answer(
        enrollment.assertion(body.value) ?? failure(404, ErrorCode.DeviceNotFound, 'not one of our boxes'),
      );
    }),
  ];
}
