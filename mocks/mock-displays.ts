import { ErrorCode, type DisplayView, type Programme } from '../protocol/index.ts';
import type { MockDeviceTokens } from './mock-device-tokens.ts';
import { failure, type Failure } from './refusals.ts';

/**
 * The display side of the backend in memory, for msw: the channel each box reported and its quiet, with a tiny
 * guide (channel 4 shows The Evening News for the next half hour).
 */
export class MockDisplays {
  /** Whose device a token is (the backend's tokens, shared with the gateway). */
  readonly tokens: MockDeviceTokens;
  readonly channels = new Map<string, string | null>();
  readonly quiet = new Map<string, string>();
  /** Every report, in order, for tests. */
  readonly reports: { deviceId: string; channel: string | null }[] = [];

  constructor(tokens: MockDeviceTokens) {
    this.tokens = tokens;
  }

  report(deviceId: string, channel: string | null): void {
    this.channels.set(deviceId, channel);
    this.reports.push({ deviceId, channel });
  }

  /** The display as `GET /api/displays/me` answers: the channel it reported, the guide's programme, its quiet. */
  view(deviceId: string): DisplayView {
    const channel = this.channels.get(deviceId) ?? null;
    return {
      channel,
      programme: channel === '4' ? eveningNews() : null,
      quietUntil: this.quiet.get(deviceId) ?? null,
    };
  }

  quietFor(deviceId: string): { until: string; programme: Programme } | Failure {
    const programme = this.channels.get(deviceId) === '4' ? eveningNews() : null;
    if (!programme) return failure(409, ErrorCode.NoProgramme, 'no programme known');
    this.quiet.set(deviceId, programme.end);
    return { until: programme.end, programme };
  }
}

function eveningNews(): Programme {
  const now = Date.now();
  return {
    title: 'The Evening News',
    start: new Date(now - 5 * 60_000).toISOString(),
    end: new Date(now + 25 * 60_000).toISOString(),
  };
}
