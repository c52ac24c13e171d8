import type { CallEndedHook, CallRingingHook, EventData } from '../../protocol/index.ts';
import type { SharedState } from '../cluster/shared-state.ts';
import type { Logger } from '../log.ts';
import { ContentRouting } from '../policy/route-content.ts';
import type { Publisher } from '../push/publisher.ts';
import type { DisplayStates } from '../displays/display-states.ts';
import type { Database } from '../store/database.ts';

/** A ringing call is news for a minute at most: a display that comes back later must not show it. */
const CALL_EVENT_TTL_MS = 60_000;
/** How long the proxy remembers who was told of a call, for its end (a call rings for well under this). */
const CALL_MEMORY_MS = 10 * 60_000;
/** The displays told of a call ringing now, in the shared state: its end may reach another API process. */
const ringingKey = (callId: string) => `call-ringing:${callId}`;

/**
 * Caller ID on the TV (a display quiet for a programme, or in a programme suspension, is not rung: a held call
 * would be stale by the time it showed): told by the carrier that a household line is ringing, it asks the policy engine which
 * displays may show it (caller ID on TV turned on, a relationship carrying caller ID, its windows, suspensions and
 * caller lists), sends `callerid.incoming` to those — shaped by each display's privacy — and `callerid.ended` to the
 * same displays when the call stops ringing. Every decision goes to the delivery log.
 */
export class CallerIdProxy {
  private readonly store: Pick<Database, 'deliveryLog' | 'devices' | 'policies' | 'transaction'>;
  private readonly gateway: Publisher;
  private readonly routing: ContentRouting;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly state: SharedState;

  constructor(deps: {
    store: Pick<Database, 'deliveryLog' | 'devices' | 'policies' | 'transaction'>;
    gateway: Publisher;
    log: Logger;
    displays: DisplayStates;
    state: SharedState;
    now?: () => Date;
  }) {
    this.state = deps.state;
    this.store = deps.store;
    this.gateway = deps.gateway;
    this.log = deps.log;
    this.now = deps.now ?? (() => new Date());
    this.routing = new ContentRouting({ ...deps, now: this.now });
  }

  /** Returns the displays the call is shown on. */
  async onRinging(hook: CallRingingHook): Promise<string[]> {
    const phone = await this.store.devices.findPhone(hook.line);
    if (!phone) return [];
    const data: EventData<'callerid.incoming'> = {
      callId: hook.callId,
      line: hook.line,
      lineOwner: phone.ownerName,
      callerName: hook.callerName,
      callerNumber: hook.callerNumber,
      at: hook.at,
    };
    const { delivered } = await this.routing.route({
      phone,
      contentType: 'callerid',
      callerNumber: hook.callerNumber,
      callerName: hook.callerName,
      subject: hook.callId,
      event: {
        name: 'callerid.incoming',
        id: `callerid.incoming:${hook.callId}`,
        data,
        ttlMs: CALL_EVENT_TTL_MS,
      },
    });
    const deviceIds = delivered.map((d) => d.deviceId);
    // Forgotten by itself if the call's end never comes.
    await this.state.set(ringingKey(hook.callId), deviceIds, CALL_MEMORY_MS);
    this.log.info('caller ID decided', { callId: hook.callId, shown: deviceIds.length });
    return deviceIds;
  }

  /** Takes the call down wherever it was shown. Returns those displays. */
  async onEnded(hook: CallEndedHook): Promise<string[]> {
    // Taken: a carrier that sends the end twice, to two API processes, takes the call down once.
    const deviceIds = await this.state.take<string[]>(ringingKey(hook.callId));
    if (!deviceIds) return [];
    for (const deviceId of deviceIds) {
      await this.gateway.publish(
        deviceId,
        'callerid.ended',
        `callerid.ended:${hook.callId}`,
        { callId: hook.callId, reason: hook.reason },
        { ttlMs: CALL_EVENT_TTL_MS },
      );
    }
    return deviceIds;
  }
}
