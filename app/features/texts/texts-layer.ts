import { findTag, TvComponent } from '../../shell/component.ts';
import type { Subscription } from 'rxjs';
import type { TvText } from '../../storage/db.ts';
import type Lightning from '../../ui/lightning.ts';
import { ComposeScreen, type ComposeSend } from './compose-screen.ts';
import { TextAlert, type TextAlertAction } from './text-alert.ts';
import { incomingTitle, who, type NameBook } from './text-words.ts';
import type { TextingService } from './texting-service.ts';
import { TextsScreen } from './texts-screen.ts';

/** How long "Delivered" stays on the compose screen before it closes itself. */
const DELIVERED_MS = 2500;

export interface TextsLayerServices {
  texting: TextingService;
  names: NameBook;
  alertMs: number;
  /** A one-line word at the bottom of the screen. */
  toast: (text: string) => void;
}

/**
 * Texting on the TV, in one place: the conversations, the compose screen and the "Text from …" alert, wired to the
 * {@link TextingService}. The scene asks it whether it wants the keys ({@link composing}, {@link wantsFocus}) and
 * opens it for a reply ({@link reply}) from a voicemail alert or the inbox.
 *
 * The text alert is there from the start (a text may come at any moment, as a voicemail may); the conversations and
 * the compose screen are created the first time each is opened.
 */
export class TextsLayer extends TvComponent {
  private services: TextsLayerServices | null = null;
  private subscriptions: Subscription[] = [];
  private alertNumber: string | null = null;
  private alertTimer: ReturnType<typeof setTimeout> | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    // Drawn in this order once created: the conversations, the alert over them, the compose screen over both.
    return { Alert: { type: TextAlert } };
  }

  bindTexting(services: TextsLayerServices): void {
    this.services = services;
    const { texting } = services;
    this.subscriptions.push(
      texting.texts$.subscribe((texts) => this.onTexts(texts)),
      texting.access$.subscribe((access) => this.openedCompose?.setAccess(access)),
      texting.incoming$.subscribe((text) => this.showAlert(text)),
    );
  }

  /** The compose screen is open: it has the keys before any alert. */
  get composing(): boolean {
    return this.openedCompose?.isOpen ?? false;
  }

  /** The alert or the conversations are open. */
  get wantsFocus(): boolean {
    return this.composing || this.alert.isOpen || (this.openedTexts?.isOpen ?? false);
  }

  /** Writes a text to `number` (a caller), or to a number the viewer types when null. */
  reply(number: string | null, draft?: string): void {
    if (!this.services) return;
    clearTimeout(this.closeTimer);
    this.compose.open({
      recipient: number,
      ...(draft ? { draft } : {}),
      access: this.services.texting.access$.value,
      names: this.services.names,
    });
    this._refocus();
  }

  /** Opens the conversations (or one of them). */
  openTexts(number: string | null = null): void {
    this.texts.open(number);
    this._refocus();
  }

  override _getFocused(): Lightning.Component | undefined {
    const compose = this.openedCompose;
    if (compose?.isOpen) return compose;
    if (this.alert.isOpen) return this.alert;
    const texts = this.openedTexts;
    return texts?.isOpen ? texts : undefined;
  }

  $composeSend(send: ComposeSend): void {
    const services = this.services;
    const access = services?.texting.access$.value;
    const proxy = access?.state === 'allowed' ? access.proxies[send.proxyIndex] : undefined;
    if (!services || !proxy) return;
    this.compose.say(`Sending through ${proxy.name}…`);
    services.texting
      .send({ recipient: send.recipient, text: send.text, proxy })
      .then((text) => this.compose.track(text))
      .catch((error: Error) => this.compose.say(`The text could not be saved: ${error.message}`));
  }

  $composeAsk(): void {
    this.services?.texting
      .requestAccess()
      .then((asked) =>
        this.compose.say(
          asked > 0
            ? `Asked ${asked === 1 ? 'the phone' : `${asked} phones`} — answer the request on the phone`
            : // Every phone with SMS was asked before and allows sending, or there is none: say which.
              'No phone of the household has SMS to send with',
        ),
      )
      .catch((error: Error) => this.compose.say(`Could not ask: ${error.message}`));
  }

  $composeClose(): void {
    clearTimeout(this.closeTimer);
    this.openedCompose?.close();
    this._refocus();
  }

  $textsAction(action: 'reply' | 'retry' | 'new' | 'close', detail?: unknown): void {
    if (action === 'close') {
      this.openedTexts?.close();
      this._refocus();
    } else if (action === 'new') {
      this.reply(null);
    } else if (action === 'reply') {
      this.reply(detail as string);
    } else {
      const text = detail as TvText;
      this.reply(text.number, text.text);
    }
  }

  $textAlertAction(action: TextAlertAction): void {
    const number = this.alertNumber;
    this.hideAlert();
    if (action === 'reply' && number) this.reply(number);
    if (action === 'view') this.openTexts(number);
    this._refocus();
  }

  private onTexts(texts: TvText[]): void {
    const services = this.services!;
    this.openedTexts?.setTexts(texts, services.names);
    const compose = this.openedCompose;
    const key = compose?.trackedKey;
    const tracked = key ? texts.find((t) => t.key === key) : undefined;
    if (!compose || !tracked) return;
    compose.track(tracked);
    if (tracked.status === 'delivered') {
      clearTimeout(this.closeTimer);
      this.closeTimer = setTimeout(() => {
        if (this.openedCompose?.trackedKey !== tracked.key) return;
        this.$composeClose();
        services.toast(`Text to ${who(tracked.number, services.names)} delivered`);
      }, DELIVERED_MS);
    }
  }

  private showAlert(text: TvText): void {
    const services = this.services!;
    this.alertNumber = text.private ? null : text.number;
    this.alert.present(incomingTitle(text, services.names), Date.now() + services.alertMs);
    clearTimeout(this.alertTimer);
    this.alertTimer = setTimeout(() => {
      this.hideAlert();
      this._refocus();
    }, services.alertMs);
    this._refocus();
  }

  private hideAlert(): void {
    clearTimeout(this.alertTimer);
    this.alert.present(null);
    this.alertNumber = null;
  }

  /** The compose screen, created (at the top) the first time it opens. */
  private get compose(): ComposeScreen {
    const found = this.openedCompose;
    if (found) return found;
    this.childList.add(this.stage.c({ ref: 'Compose', type: ComposeScreen }));
    return this.tagOf('Compose', ComposeScreen);
  }

  /** The compose screen if it was ever opened. */
  private get openedCompose(): ComposeScreen | undefined {
    return findTag(this, 'Compose', ComposeScreen);
  }

  /** The conversations, created (beneath the alert) the first time they open, with the texts there are now. */
  private get texts(): TextsScreen {
    const found = this.openedTexts;
    if (found) return found;
    this.childList.addAt(this.stage.c({ ref: 'Texts', type: TextsScreen }), 0);
    const texts = this.tagOf('Texts', TextsScreen);
    if (this.services) texts.setTexts(this.services.texting.texts$.value, this.services.names);
    return texts;
  }

  /** The conversations if they were ever opened. */
  private get openedTexts(): TextsScreen | undefined {
    return findTag(this, 'Texts', TextsScreen);
  }

  private get alert(): TextAlert {
    return this.tagOf('Alert', TextAlert);
  }

  override _detach(): void {
    clearTimeout(this.alertTimer);
    clearTimeout(this.closeTimer);
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }
}
