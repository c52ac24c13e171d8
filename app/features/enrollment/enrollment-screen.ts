import { TvComponent } from '../../shell/component.ts';
import type { Subscription } from 'rxjs';
import { formatUserCode } from '../../../protocol/index.ts';
import { Button } from '../../ui/button.ts';
import Lightning from '../../ui/lightning.ts';
import { COLOR, FONT, SAFE, STAGE } from '../../ui/theme.ts';
import type { EnrollmentService, EnrollmentState } from './enrollment-service.ts';
import { fitUrl } from './fit-url.ts';
import { drawQrCode, type QrDrawing } from './qr-code.ts';

/** The QR code's box, quiet zone included: about 30 cm across on a 55-inch TV, read by a phone from the sofa. */
const QR_BOX = 560;
const LEFT = SAFE.x + 64;
const COLUMN_W = STAGE.w - LEFT - QR_BOX - SAFE.x - 64 - 80;
const QR_X = STAGE.w - SAFE.x - 64 - QR_BOX;
const QR_Y = 230;
/** How often "works for N more minutes" is brought up to date. */
const EXPIRY_REFRESH_MS = 10_000;

/** A line of the left column; one that wraps keeps its lines apart (Lightning's default line height overlaps them). */
const text = (fontSize: number, color: number, extra: Record<string, unknown> = {}) => ({
  text: {
    text: '',
    fontFace: FONT.face,
    fontSize,
    lineHeight: Math.round(fontSize * 1.3),
    textColor: color,
    wordWrapWidth: COLUMN_W,
    ...extra,
  },
});

/**
 * "Add this TV to your household": go to the setup page and enter WDJB-MJHT, or scan the QR code (the same page
 * with the code filled in). Drawn for the sofa: big type, white on near-black, a QR code half the screen's height
 * with its quiet zone. When the household declines, it says so and OK gets a new code. View only: the
 * {@link EnrollmentService} decides; this renders its state.
 */
export class EnrollmentScreen extends TvComponent {
  private service: EnrollmentService | null = null;
  private subscription: Subscription | null = null;
  private expiryTimer: ReturnType<typeof setInterval> | undefined;
  private qr: QrDrawing | null = null;

  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      w: STAGE.w,
      h: STAGE.h,
      // Nearly opaque: nothing of Couchline works yet, and the code must stand out from any programme.
      Backdrop: { w: STAGE.w, h: STAGE.h, rect: true, color: 0xf70b0f17 },
      Title: {
        x: LEFT,
        y: 120,
        ...text(64, COLOR.text, { fontStyle: 'bold', wordWrapWidth: STAGE.w - 2 * LEFT }),
      },
      GoTo: { x: LEFT, y: 260, ...text(40, COLOR.textDim) },
      Url: { x: LEFT, y: 318, ...text(52, COLOR.accent, { fontStyle: 'bold', maxLines: 3 }) },
      Enter: { x: LEFT, y: 470, ...text(40, COLOR.textDim) },
      Code: { x: LEFT, y: 520, ...text(136, COLOR.text, { fontStyle: 'bold', letterSpacing: 6 }) },
      Expiry: { x: LEFT, y: 712, ...text(36, COLOR.textDim) },
      Status: { x: LEFT, y: 790, ...text(40, COLOR.text, { maxLines: 2 }) },
      NewCode: { type: Button, x: LEFT, y: 900, w: 420, h: 88, label: 'Get a new code', visible: false },
      Qr: { x: QR_X, y: QR_Y, w: QR_BOX, h: QR_BOX, visible: false },
      QrCaption: {
        x: QR_X + QR_BOX / 2,
        y: QR_Y + QR_BOX + 28,
        mountX: 0.5,
        visible: false,
        text: {
          text: "Or scan this with your phone's camera",
          fontFace: FONT.face,
          fontSize: 32,
          textColor: COLOR.textDim,
        },
      },
    };
  }

  /** Renders the service's state from now on, until the screen leaves the scene. */
  bindService(service: EnrollmentService): void {
    this.service = service;
    this.subscription?.unsubscribe();
    this.subscription = service.state$.subscribe((state) => this.render(state));
    clearInterval(this.expiryTimer);
    this.expiryTimer = setInterval(() => this.render(service.state), EXPIRY_REFRESH_MS);
  }

  /** The QR code on screen now (for tests: what it holds and how it was drawn); null when none is shown. */
  get qrDrawing(): QrDrawing | null {
    return this.tag('Qr').visible ? this.qr : null;
  }

  private render(state: EnrollmentState): void {
    const showingCode = state.step === 'code';
    const denied = state.step === 'denied';
    this.setText('Title', 'Add this TV to your household');
    for (const tag of ['GoTo', 'Url', 'Enter', 'Code', 'Expiry', 'Qr', 'QrCaption']) {
      this.tag(tag).patch({ visible: showingCode });
    }
    this.tag('NewCode').patch({ visible: denied });
    switch (state.step) {
      case 'starting':
        this.setStatus('Setting up this TV…', COLOR.text);
        break;
      case 'code':
        this.setText('GoTo', 'On your phone or computer, go to');
        this.showUrl(state.code.verificationUri);
        this.setText('Enter', 'and enter this code:');
        this.setText('Code', formatUserCode(state.code.userCode));
        this.setText('Expiry', expiryLine(state.expiresAt - Date.now()));
        this.showQr(state.code.verificationUriComplete);
        this.setStatus(
          state.reachable
            ? 'Waiting for your household to approve this TV…'
            : 'Couchline cannot be reached right now. Still trying…',
          state.reachable ? COLOR.text : COLOR.error,
        );
        break;
      case 'denied':
        this.setStatus('The household declined this TV. Press OK for a new code.', COLOR.error);
        break;
      case 'unreachable':
        this.setStatus('Couchline cannot be reached. Trying again…', COLOR.error);
        break;
      case 'enrolled':
        this.setStatus(`This TV is ready: ${state.granted.name}.`, COLOR.text);
        break;
    }
    this._refocus();
  }

  private showQr(content: string): void {
    if (this.qr?.text !== content) {
      const qr = drawQrCode(content, QR_BOX);
      this.qr = qr;
      const size = qr.canvas.width;
      this.tag('Qr').patch({
        // Centred in its box: whole-pixel modules rarely fill it exactly.
        x: QR_X + (QR_BOX - size) / 2,
        y: QR_Y + (QR_BOX - size) / 2,
        w: size,
        h: size,
        texture: {
          type: Lightning.textures.StaticCanvasTexture,
          content: {
            factory: (done: (error: Error | null, canvas?: HTMLCanvasElement) => void) =>
              done(null, qr.canvas),
          },
        },
      });
    }
  }

  /**
   * The setup page's address, whole and readable: a URL has no spaces for Lightning to wrap at, so it is set as
   * large as fits the column (52 px down to 36), and past that broken after a '/' or '.' onto more lines.
   */
  private showUrl(url: string): void {
    const fit = fitUrl(url, COLUMN_W);
    this.tag('Url').patch({
      text: {
        text: fit.lines.join('\n'),
        fontSize: fit.fontSize,
        lineHeight: Math.round(fit.fontSize * 1.3),
      },
    });
  }

  private setStatus(message: string, color: number): void {
    this.tag('Status').patch({ text: { text: message, textColor: color } });
  }

  private setText(tag: string, value: string): void {
    this.tag(tag).text.text = value;
  }

  override _getFocused(): Lightning.Component | undefined {
    return this.service?.state.step === 'denied' ? this.tagOf('NewCode', Button) : undefined;
  }

  override _handleEnter(): void {
    if (this.service?.state.step === 'denied') this.service.newCode();
  }

  override _detach(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    clearInterval(this.expiryTimer);
  }
}

/** "This code works for 10 more minutes." */
function expiryLine(msLeft: number): string {
  const minutes = Math.ceil(msLeft / 60_000);
  if (minutes <= 1) return 'This code works for 1 more minute.';
  return `This code works for ${minutes} more minutes.`;
}
