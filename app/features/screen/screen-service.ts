import type { Observable, Subscription } from 'rxjs';
import { ErrorCode } from '../../../protocol/index.ts';
import type { Logger } from '../../../client/log.ts';
import { ApiRequestError, type ApiClient } from '../../../client/net/api-client.ts';
import type { PushState } from '../../../client/net/push-client.ts';
import type { PlatformAdapter } from '../../../platform-adapters/contract/index.ts';

/**
 * This set-top box's screen, as the backend needs to know it: the channel it shows (reported whenever the channel
 * comes online again and on every change of channel), and the viewer's "Quiet for this programme".
 */
export class ScreenService {
  private readonly adapter: PlatformAdapter;
  private readonly api: ApiClient;
  private readonly log: Logger;
  private readonly subscriptions: Subscription[] = [];
  private readonly offs: (() => void)[] = [];

  constructor(deps: { adapter: PlatformAdapter; api: ApiClient; log: Logger }) {
    this.adapter = deps.adapter;
    this.api = deps.api;
    this.log = deps.log;
  }

  /** Reports the channel each time the push channel is online (the backend keeps it in memory) and on changes. */
  start(pushState$: Observable<PushState>): void {
    if (!this.adapter.capabilities.knowsTunedChannel) return;
    this.subscriptions.push(
      pushState$.subscribe((state) => {
        if (state === 'online') this.report(this.adapter.getTunedChannel());
      }),
    );
    this.offs.push(this.adapter.on('tuner:changed', ({ channel }) => this.report(channel)));
  }

  /** Asks for quiet until the programme ends; resolves to what the viewer is told. */
  async quietForProgramme(): Promise<string> {
    try {
      const { programme, until } = await this.api.quietForProgramme();
      const end = new Date(until).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
      return `Quiet until ${programme.title} ends (${end}): alerts will wait`;
    } catch (error) {
      if (error instanceof ApiRequestError && error.code === ErrorCode.NoProgramme) {
        return 'Alerts stay on: this TV does not know which programme is on';
      }
      return 'Alerts stay on: Couchline could not be reached';
    }
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    for (const off of this.offs.splice(0)) off();
  }

  private report(channel: string | null): void {
    this.api
      .reportDisplay(channel)
      .catch((error: Error) => this.log.warn(`channel report failed: ${error.message}`));
  }
}
