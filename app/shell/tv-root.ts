import { Subject, type Observable, type Subscription } from 'rxjs';
import { CallBanner } from '../features/callerid/call-banner.ts';
import type { IncomingCalls } from '../features/callerid/incoming-call.ts';
import { InboxScreen } from '../features/inbox/inbox-screen.ts';
import type { InboxStore } from '../../client/inbox/inbox-store.ts';
import { PlayerScreen } from '../features/player/player-screen.ts';
import type { VoicemailPlayback } from '../features/player/voicemail-playback.ts';
import type { AlertQueue } from '../features/voicemail/alert-queue.ts';
import { AlertOverlay, type AlertAction } from '../features/voicemail/alert-overlay.ts';
import { BacklogAlert } from '../features/voicemail/backlog-alert.ts';
import { UnreadBadge } from '../features/inbox/unread-badge.ts';
import type { ListenFlow, ListenState } from '../../client/voicemail/listen-flow.ts';
import { PinScreen } from '../features/voicemail/pin-screen.ts';
import type { NameBook } from '../features/texts/text-words.ts';
import type { TextingService } from '../features/texts/texting-service.ts';
import { TextsLayer } from '../features/texts/texts-layer.ts';
import type { PushState } from '../../client/net/push-client.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.ts';
import Lightning from '../ui/lightning.ts';
import { findTag, tagOf } from './component.ts';
import { LAYER_PRIORITY, LayerStack } from './layer-stack.ts';
import { StatusBadge } from '../ui/status-badge.ts';
import { Toast } from '../ui/toast.ts';

export interface TvRootServices {
  alerts: AlertQueue;
  calls: IncomingCalls;
  pushState$: Observable<PushState>;
  /** Absent when the TV is not paired: alerts cannot be acted on then. */
  flow?: ListenFlow;
  playback?: VoicemailPlayback;
  inbox?: InboxStore;
  /** "Quiet for this programme"; absent when the TV is not paired. Resolves to what the viewer is told. */
  quietForProgramme?: () => Promise<string>;
  /** "While you watched …" summaries, once each, when a quiet programme ends. */
  summaries$?: Observable<string>;
  /** Texts through the household's phone; absent when the TV is not paired. */
  texting?: { service: TextingService; names: NameBook; alertMs: number };
  /**
   * Back on the TV with nothing open leaves the app, where the platform lets it (`ask`: say "Leave Couchline?"
   * first, as Samsung requires). Absent in a browser tab.
   */
  exit?: { ask: boolean; leave(): void };
}

const STATUS_TEXT: Partial<Record<PushState, string>> = {
  waiting: 'Couchline: reconnecting…',
  unauthorized: 'Couchline: this TV is not paired',
  replaced: 'Couchline is open on another screen',
};

/** A screen's class, to create it by. */
type ScreenClass<T extends Lightning.Component> = new (...args: never[]) => T;

/**
 * The TV app's scene: transparent over the picture, with the alert overlay and a status line. Services come in
 * through {@link TvRoot.bindServices}; subscriptions end when the app is destroyed.
 *
 * What start-up builds is what the first frame and the first alert need (the status line, the badges, the alert
 * overlay); every other screen — the inbox, the PIN pad, the player, the confirmation dialog, a backlog's summary —
 * is created in its (empty) view the first time it is shown, and handed its state then (issue 17).
 */
export class TvRoot extends Lightning.Application {
  private services: TvRootServices | null = null;
  private inboxOpen = false;
  private askingToLeave = false;
  private readonly subscriptions: Subscription[] = [];
  private stack: LayerStack<Lightning.Component, Lightning.Element> | undefined;
  private focusSubject: Subject<Lightning.Component> | undefined;

  /** Made on first use: Lightning asks for the focus inside its constructor, before this class's fields are set. */
  private get layers(): LayerStack<Lightning.Component, Lightning.Element> {
    return (this.stack ??= new LayerStack());
  }

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: 1920,
      h: 1080,
      Status: { type: StatusBadge },
      Unread: { type: UnreadBadge },
      Call: { type: CallBanner },
      // Each layer's component in a view of its own, which the shell hides while another layer is modal: the
      // components keep their own `visible` for whether they are open.
      // The views hold their screens from the first time each is shown (see screen()); the alert overlay and the
      // texts' layer (whose text alert must be ready as the overlay is) are there from the start.
      InboxView: {},
      OverlayView: { Overlay: { type: AlertOverlay } },
      TextingView: { Texting: { type: TextsLayer } },
      PinView: {},
      PlayerView: {},
      ConfirmView: {},
      Toast: { type: Toast },
      // Draws the rounded-corner shader once at start-up, nearly transparent in a corner, so its program is
      // compiled before the first alert needs it rather than during that alert's first frame.
      ShaderWarmup: {
        w: 4,
        h: 4,
        rect: true,
        color: 0x01000000,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 1 },
      },
    };
  }

  override _init(): void {
    // Once the first frame is drawn, the alert overlay's labels are rendered (off screen): the first alert's frame
    // then draws what the floor's does — its title and lines — rather than rendering six labels as well.
    this.stage.once('frameEnd', () => {
      setTimeout(() => {
        if (this.attached) tagOf(this, 'Overlay', AlertOverlay).prerender();
      }, 0);
    });
  }

  bindServices(services: TvRootServices): void {
    this.services = services;
    // Whether the TV is paired or not: "Leave Couchline?" and the voicemail alert. The other layers come with their
    // services, below, or with the enrollment screen (showEnrollment).
    this.addLayer(
      'leaving',
      () => this.askingToLeave,
      'ConfirmView',
      () => this.confirm,
    );
    this.addLayer(
      'alert',
      () => Boolean(services.alerts.current$.value),
      'OverlayView',
      () => tagOf(this, 'Overlay', AlertOverlay),
    );
    this.addLayer(
      'backlog',
      () => Boolean(services.alerts.backlog$.value),
      'OverlayView',
      () => this.backlog,
    );
    this.subscriptions.push(
      services.alerts.current$.subscribe((alert) => {
        tagOf(this, 'Overlay', AlertOverlay).show(alert, services.alerts.leavesAt);
        this._refocus();
      }),
      services.alerts.backlog$.subscribe((summary) => {
        const backlog = summary ? this.backlog : this.existing('OverlayView', 'Backlog', BacklogAlert);
        backlog?.show(summary, services.alerts.leavesAt);
        this._refocus();
      }),
      services.calls.current$.subscribe((call) => {
        tagOf(this, 'Call', CallBanner).call = call;
      }),
      services.pushState$.subscribe((state) => {
        tagOf(this, 'Status', StatusBadge).message = STATUS_TEXT[state] ?? null;
      }),
    );
    if (services.summaries$) {
      this.subscriptions.push(
        services.summaries$.subscribe((text) => tagOf(this, 'Toast', Toast).show(text, 15_000)),
      );
    }
    if (services.inbox) {
      this.addLayer(
        'inbox',
        () => this.inboxOpen,
        'InboxView',
        () => this.inbox,
      );
      this.subscriptions.push(
        services.inbox.messages$.subscribe((messages) => {
          this.existing('InboxView', 'Inbox', InboxScreen)?.setMessages(messages);
          tagOf(this, 'Unread', UnreadBadge).setCount(messages.filter((m) => m.folder === 'new').length);
        }),
        services.inbox.sync$.subscribe((sync) =>
          this.existing('InboxView', 'Inbox', InboxScreen)?.setSync(sync),
        ),
      );
    }
    if (services.texting) {
      const { service, names, alertMs } = services.texting;
      const texts = this.textsLayer;
      this.addLayer(
        'compose',
        () => texts.composing,
        'TextingView',
        () => texts,
      );
      this.addLayer(
        'texts',
        () => texts.wantsFocus,
        'TextingView',
        () => texts,
      );
      this.textsLayer.bindTexting({
        texting: service,
        names,
        alertMs,
        toast: (text) => tagOf(this, 'Toast', Toast).show(text, 5000),
      });
    }
    if (services.flow && services.playback) {
      const flow = services.flow;
      this.addLayer(
        'pin',
        () => flow.state.step === 'pin',
        'PinView',
        () => this.pin,
      );
      this.addLayer(
        'player',
        () => flow.state.step === 'playing',
        'PlayerView',
        () => this.player,
      );
      this.addLayer(
        'confirmDelete',
        () => flow.state.step === 'confirm-delete',
        'ConfirmView',
        () => this.confirm,
      );
      this.subscriptions.push(services.flow.state$.subscribe((state) => this.renderFlow(state)));
    }
  }

  private renderFlow(state: ListenState): void {
    // A screen not created yet is not shown: it is created when its step comes, and renders the state then.
    (state.step === 'pin' ? this.pin : this.existing('PinView', 'Pin', PinScreen))?.renderState(state);
    (state.step === 'playing'
      ? this.player
      : this.existing('PlayerView', 'Player', PlayerScreen)
    )?.renderState(state);
    if (state.step === 'confirm-delete') {
      const who = state.message.callerName.trim() || state.message.callerNumber || 'this caller';
      this.confirm.show(state.busy ? 'Deleting…' : `Delete the message from ${who}?`, state.error);
    } else {
      this.existing('ConfirmView', 'Confirm', ConfirmDialog)?.show(null);
    }
    if (state.step === 'done') {
      tagOf(this, 'Toast', Toast).show(state.text, 4000, () => this.services?.flow?.close());
    }
    this._refocus();
  }

  /**
   * Puts a screen over everything but the dialogs and toasts, with the keys: the enrollment screen of a TV that has
   * no device token yet (a component loaded on demand, so it cannot be in the template).
   */
  showEnrollment<T extends Lightning.Component>(type: new (...args: never[]) => T): T {
    const view = this.stage.c({ ref: 'EnrollmentView', children: [{ type, ref: 'Enrollment' }] });
    this.childList.addAt(view, this.childList.getIndex(this.tag('ConfirmView')));
    const screen = view.childList.first as unknown as T;
    this.addLayer(
      'enrollment',
      () => true,
      'EnrollmentView',
      () => screen,
    );
    this._refocus();
    return screen;
  }

  /**
   * The focus goes to the top layer, and what is drawn follows in the same step: while a modal layer has the keys,
   * the other layers' views are hidden, so what the viewer sees is what the keys act on.
   */
  override _getFocused(): Lightning.Component | undefined {
    const hidden = this.layers.hidden();
    for (const view of this.layers.views()) view.visible = !hidden.has(view);
    const focused = this.layers.focused();
    // The unread count rests on the bare picture only: never under a panel, never with the keys.
    tagOf(this, 'Unread', UnreadBadge).setShown(focused === undefined);
    return focused;
  }

  /** Each component that takes the focus — this root itself when no layer has it (the announcer reads labels). */
  get focusChanges$(): Observable<Lightning.Component> {
    return (this.focusSubject ??= new Subject()).asObservable();
  }

  override _focusChange(focused: Lightning.Component | undefined): void {
    if (focused) this.focusSubject?.next(focused);
  }

  /**
   * A layer drawn in the view at `viewRef`, whose component (`target`) is asked for only when the layer has the
   * keys: a screen not shown yet is created then, not before.
   */
  private addLayer(
    name: keyof typeof LAYER_PRIORITY,
    wantsFocus: () => boolean,
    viewRef: string,
    target: () => Lightning.Component,
  ): void {
    const view = this.tag(viewRef as never) as Lightning.Element | undefined;
    if (!view) throw new TypeError(`${name}: no view ${viewRef} for the layer`);
    // Every layer that takes the keys is modal today: an alert over the inbox, the PIN pad over an alert.
    this.layers.add({
      name,
      priority: LAYER_PRIORITY[name],
      wantsFocus,
      get target() {
        return target();
      },
      view,
      modal: true,
    });
  }

  /**
   * The screen `ref` in the view `viewRef`, created there the first time it is asked for (`init` hands it what it
   * needs to show the present state). Ask for it only to show it; {@link existing} for anything else.
   */
  private screen<T extends Lightning.Component>(
    viewRef: string,
    ref: string,
    type: ScreenClass<T>,
    init?: (screen: T) => void,
  ): T {
    const found = this.existing(viewRef, ref, type);
    if (found) return found;
    this.tag(viewRef as never).patch({ [ref]: { type } });
    const created = tagOf(this, `${viewRef}.${ref}`, type);
    init?.(created);
    return created;
  }

  /** The screen `ref` in `viewRef` if it was ever shown; undefined when it was not created yet. */
  private existing<T extends Lightning.Component>(
    viewRef: string,
    ref: string,
    type: ScreenClass<T>,
  ): T | undefined {
    return findTag(this, `${viewRef}.${ref}`, type);
  }

  private get inbox(): InboxScreen {
    return this.screen('InboxView', 'Inbox', InboxScreen, (screen) => {
      const inbox = this.services?.inbox;
      if (!inbox) return;
      screen.setMessages(inbox.messages$.value);
      screen.setSync(inbox.sync$.value);
    });
  }

  private get pin(): PinScreen {
    return this.screen('PinView', 'Pin', PinScreen, (screen) => {
      const flow = this.services?.flow;
      if (!flow) return;
      screen.bindFlow(flow);
      screen.renderState(flow.state);
    });
  }

  private get player(): PlayerScreen {
    return this.screen('PlayerView', 'Player', PlayerScreen, (screen) => {
      const { flow, playback } = this.services ?? {};
      if (!flow || !playback) return;
      screen.bindFlow(flow, playback);
      screen.renderState(flow.state);
    });
  }

  private get confirm(): ConfirmDialog {
    return this.screen('ConfirmView', 'Confirm', ConfirmDialog);
  }

  private get backlog(): BacklogAlert {
    return this.screen('OverlayView', 'Backlog', BacklogAlert);
  }

  private get textsLayer(): TextsLayer {
    return tagOf(this, 'Texting', TextsLayer);
  }

  /** Info opens the voicemail inbox (and refreshes it from the server); Back closes it. */
  _handleInfo(): void {
    if (!this.services?.inbox) return;
    this.setInboxOpen(true);
    void this.services.inbox.sync();
  }

  $inboxAction(
    action: 'listen' | 'delete' | 'reply' | 'texts' | 'close',
    message?: { id: string; callerName: string; callerNumber: string; durationSec: number },
  ): void {
    if (action === 'texts' && this.services?.texting) {
      this.textsLayer.openTexts();
      return;
    }
    if (action === 'close' || !message) {
      this.setInboxOpen(false);
      return;
    }
    if (action === 'reply') {
      if (this.services?.texting && message.callerNumber) this.textsLayer.reply(message.callerNumber);
      return;
    }
    if (action === 'listen') this.services?.flow?.listen(message);
    else this.services?.flow?.delete(message);
  }

  private setInboxOpen(open: boolean): void {
    this.inboxOpen = open;
    (open ? this.inbox : this.existing('InboxView', 'Inbox', InboxScreen))?.patch({ visible: open });
    this._refocus();
  }

  /** An action chosen on the alert overlay (arrows and OK, or a colour key). */
  $alertAction(action: AlertAction): void {
    const services = this.services;
    const alert = services?.alerts.current$.value;
    if (!services || !alert) return;
    const message = {
      id: alert.messageId,
      callerName: alert.callerName,
      callerNumber: alert.callerNumber,
      durationSec: alert.durationSec,
      transcript: alert.transcript ?? null,
    };
    services.alerts.choose(action);
    if (action === 'reply') {
      if (services.texting && message.callerNumber) this.textsLayer.reply(message.callerNumber);
      return;
    }
    if (action === 'quiet' && services.quietForProgramme) {
      void services.quietForProgramme().then((text) => tagOf(this, 'Toast', Toast).show(text, 6000));
      return;
    }
    if (!services.flow) return;
    if (action === 'listen') services.flow.listen(message);
    if (action === 'delete') services.flow.delete(message);
    if (action === 'later') {
      tagOf(this, 'Toast', Toast).show('Saved for later — in your inbox', 4000);
      void services.flow.later(message).catch(() => undefined);
    }
  }

  /** An action chosen on a backlog's summary: Open inbox opens it with them; Dismiss leaves them there. */
  $backlogAction(action: 'open' | 'dismiss'): void {
    const services = this.services;
    if (!services?.alerts.backlog$.value) return;
    services.alerts.dismiss('user');
    if (action === 'open') this._handleInfo();
  }

  $confirm(yes: boolean): void {
    if (this.askingToLeave) {
      this.askingToLeave = false;
      this.confirm.show(null);
      if (yes) this.services?.exit?.leave();
      this._refocus();
      return;
    }
    if (yes) void this.services?.flow?.confirmDelete();
    else this.services?.flow?.close();
  }

  /**
   * Back that nothing else took: the viewer is at the app's root, over the programme. Where the platform lets the
   * app close, Back leaves (asking first where the platform wants it).
   */
  override _handleBack(): void {
    const exit = this.services?.exit;
    if (!exit) return;
    if (!exit.ask) {
      exit.leave();
      return;
    }
    this.askingToLeave = true;
    this.confirm.show('Leave Couchline?', 'Alerts stop until you open it again.', 'Leave');
    this._refocus();
  }

  override _detach(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }
}
