import type { ContentType, PolicyConfig } from '../../protocol/index.ts';
import type { DeliveryLogEntry } from '../deliveries/delivery-log-repository.ts';
import type { Database } from '../store/database.ts';
import type { Decision, DisplayState } from './policy-engine.ts';

/**
 * What every router does around the policy engine: the candidates to ask about, the rules of a household that has
 * none, and the delivery-log lines of the answer.
 */

/** A household whose rules were never set up: its phones get their own content, no display gets anything. */
export function noRules(): PolicyConfig {
  return { timeZone: 'UTC', callerIdOnTv: false, relationships: [], privacy: {} };
}

/** Every display of the household is a candidate, so the log can say why one showed nothing. */
export async function displaysOf(
  store: Pick<Database, 'devices'>,
  householdId: string,
): Promise<Record<string, DisplayState | undefined>> {
  const devices = await store.devices.list(householdId);
  return Object.fromEntries(devices.filter((d) => d.kind === 'stb').map((d) => [d.id, undefined]));
}

/** One log line per decision: the device and the outcome, and the rest (reasons, privacy, relationship) as detail. */
export function logEntries(
  decisions: readonly Decision[],
  contentType: ContentType,
  subject: string,
  now: Date,
  caller?: { name: string; number: string },
): DeliveryLogEntry[] {
  return decisions.map((decision) => {
    const detail: Record<string, unknown> = { ...decision, ...(caller ? { caller } : {}) };
    delete detail['deviceId'];
    delete detail['outcome'];
    return {
      at: now.toISOString(),
      contentType,
      subject,
      deviceId: decision.deviceId,
      outcome: decision.outcome,
      detail,
    };
  });
}
