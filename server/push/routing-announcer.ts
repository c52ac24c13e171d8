import { randomUUID } from 'node:crypto';
import type { EventData, PolicyConfig, RoutingRegistration } from '../../protocol/index.ts';
import type { ContentRouter } from '../provisioning/content-router.ts';
import type { Database } from '../store/database.ts';
import type { Publisher } from './publisher.ts';

/**
 * The push gateway's side of a registration: every display of the household is told what it now receives
 * (`routing.changed`), so a display that no longer follows a phone drops that phone's alerts and messages at once
 * rather than at its next sync.
 */
export class RoutingAnnouncer implements ContentRouter {
  private readonly store: Pick<Database, 'devices'>;
  private readonly gateway: Publisher;
  private readonly now: () => Date;

  constructor(deps: { store: Pick<Database, 'devices'>; gateway: Publisher; now?: () => Date }) {
    this.store = deps.store;
    this.gateway = deps.gateway;
    this.now = deps.now ?? (() => new Date());
  }

  async register(householdId: string, config: PolicyConfig): Promise<RoutingRegistration> {
    const devices = await this.store.devices.list(householdId);
    const displays = devices.filter((d) => d.kind === 'stb');
    const announcement = randomUUID();
    for (const display of displays) {
      const follows: EventData<'routing.changed'>['follows'] = [];
      for (const r of config.relationships) {
        const phone = devices.find((d) => d.id === r.sourceDeviceId);
        if (r.stopped || r.targetDeviceId !== display.id || !phone?.phoneNumber) continue;
        follows.push({
          phoneNumber: phone.phoneNumber,
          ownerName: phone.ownerName,
          contentTypes: r.contentTypes,
        });
      }
      await this.gateway.publish(display.id, 'routing.changed', `routing.changed:${announcement}`, {
        follows,
      });
    }
    return {
      service: 'push-gateway',
      confirmedAt: this.now().toISOString(),
      summary: `${displays.length} ${displays.length === 1 ? 'screen' : 'screens'} told what they receive`,
    };
  }
}
