import type { DeliveryCard, DeliveryLogQuery, DeliveryLogView } from '../../protocol/index.ts';
import type { Database } from '../store/database.ts';
import type { DeliveryLogEntry } from './delivery-log-repository.ts';

/** Alerts a page holds when the page does not say. */
const DEFAULT_PAGE = 20;

/**
 * A page of a household's delivery log as the setup page reads it: one card per alert (a voicemail, a call, a
 * text) with who called and its story on each device in the order it happened — sent (or held, or not sent and
 * why), reached the device, shown, acted on or dismissed — newest alert first. Devices the household removed are
 * still named; one that left with an unlinked account is called so.
 */
export async function deliveryLogPage(
  store: Pick<Database, 'deliveryLog' | 'devices'>,
  householdId: string,
  query: DeliveryLogQuery,
): Promise<DeliveryLogView> {
  const devices = await store.devices.list(householdId, { includeRemoved: true });
  const names = new Map(devices.map((d) => [d.id, d.name]));
  const page = await store.deliveryLog.alerts(householdId, {
    limit: query.limit ?? DEFAULT_PAGE,
    ...(query.device ? { deviceId: query.device } : {}),
    ...(query.kind ? { contentType: query.kind } : {}),
    ...(query.before !== undefined ? { before: query.before } : {}),
  });
  return {
    alerts: page.alerts.map((alert): DeliveryCard => ({
      contentType: alert.contentType,
      subject: alert.subject,
      caller: callerOf(alert.lines),
      steps: alert.lines.map((e) => ({
        at: e.at,
        deviceId: e.deviceId,
        deviceName: names.get(e.deviceId) ?? 'a device no longer in this account',
        outcome: e.outcome,
        reasons: reasonsOf(e.detail),
        ...(typeof e.detail['action'] === 'string' ? { action: e.detail['action'] } : {}),
      })),
    })),
    next: page.next === null ? null : String(page.next),
  };
}

/** Who called or wrote, as the decision lines recorded it (route-content.ts). */
function callerOf(lines: readonly DeliveryLogEntry[]): DeliveryCard['caller'] {
  for (const line of lines) {
    const caller = line.detail['caller'] as { name?: unknown; number?: unknown } | undefined;
    if (caller && typeof caller.name === 'string' && typeof caller.number === 'string') {
      return { name: caller.name, number: caller.number };
    }
  }
  return null;
}

/** The why of a log line: the engine's reasons, a device's reason, or that it came after a quiet programme. */
function reasonsOf(detail: Record<string, unknown>): string[] {
  if (Array.isArray(detail['reasons'])) return detail['reasons'] as string[];
  if (typeof detail['reason'] === 'string') return [detail['reason']];
  if (detail['after'] === 'quiet-for-programme') return ['after-quiet'];
  return [];
}
