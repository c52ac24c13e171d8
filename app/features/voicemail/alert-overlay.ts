import Lightning from '../../ui/lightning.ts';
import { Button } from '../../ui/button.ts';
import { COLOR, FONT, SAFE, STAGE } from '../../ui/theme.ts';
import { alertDetail, alertTitle, type VoicemailAlert } from './voicemail-alert.ts';

const W = 820;
const H = 230;

/**
 * "Voice mail from Jane 505-555-1313" over the picture: bottom right inside the title-safe area, clear of the
 * picture's centre, with a focusable Dismiss. Fires `$dismissAlert` on its ancestors.
 */
export class AlertOverlay extends Lightning.Component {
  static override _template(): Lightning.Component.Template<Lightning.Component.TemplateSpecLoose> {
    return {
      x: STAGE.w - SAFE.x - W,
      y: STAGE.h - SAFE.y - H,
      w: W,
      h: H,
      alpha: 0,
      visible: false,
      Panel: {
        w: W,
        h: H,
        rect: true,
        color: COLOR.panel,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 18 },
      },
      Accent: { x: 0, y: 24, w: 8, h: H - 48, rect: true, color: COLOR.accent },
      Title: {
        x: 40,
        y: 30,
        text: {
          text: '',
          fontFace: FONT.face,
          fontSize: FONT.title,
          fontStyle: 'bold',
          textColor: COLOR.text,
          wordWrapWidth: W - 80,
          maxLines: 2,
          textOverflow: 'ellipsis',
        },
      },
      Detail: {
        x: 40,
        y: 82,
        text: { text: '', fontFace: FONT.face, fontSize: FONT.body, textColor: COLOR.textDim },
      },
      Dismiss: {
        type: Button,
        x: W - 40,
        y: H - 30,
        mountX: 1,
        mountY: 1,
        label: 'Dismiss',
        signals: { pressed: '_dismiss' },
      },
    };
  }

  /** Shows an alert, or hides the overlay for null. Short fades that never hold up a key press. */
  set alert(alert: VoicemailAlert | null) {
    if (alert) {
      this.tag('Title').text.text = alertTitle(alert);
      this.tag('Detail').text.text = alertDetail(alert);
      this.patch({ visible: true });
      this.setSmooth('alpha', 1, { duration: 0.2 });
    } else {
      this.setSmooth('alpha', 0, { duration: 0.15 });
      this.patch({ visible: false });
    }
  }

  override _getFocused(): Lightning.Component {
    return this.tag('Dismiss') as Lightning.Component;
  }

  override _handleBack(): void {
    this._dismiss();
  }

  _dismiss(): void {
    (this as unknown as { fireAncestors(name: string): void }).fireAncestors('$dismissAlert');
  }
}
