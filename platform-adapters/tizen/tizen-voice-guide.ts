/**
 * Samsung's TvInfo Product API (`webapis.tvinfo`, Tizen 2.3+, TV), as far as the Voice Guide setting goes: the
 * menu value `VOICE_GUIDE_KEY` is 1 (ON) or 0 (OFF), and the listener named for captions is told of any menu key's
 * change.
 */
export interface TizenTvInfo {
  getMenuValue(key: number): number;
  addCaptionChangeListener(key: number, callback: (key: number) => void): number;
  removeCaptionChangeListener(id: number): void;
  TvInfoMenuKey?: { VOICE_GUIDE_KEY: number };
}

/** `TvInfoMenuKey.VOICE_GUIDE_KEY` where the enum is missing, and the menu's ON value. */
const VOICE_GUIDE_KEY = 15;
const VOICE_GUIDE_ON = 1;

/** The Voice Guide's key on this TV. */
export function voiceGuideKey(tvinfo: TizenTvInfo): number {
  return tvinfo.TvInfoMenuKey?.VOICE_GUIDE_KEY ?? VOICE_GUIDE_KEY;
}

export function isVoiceGuideOn(tvinfo: TizenTvInfo): boolean {
  return tvinfo.getMenuValue(voiceGuideKey(tvinfo)) === VOICE_GUIDE_ON;
}

/**
 * Speech on a Samsung TV: its Voice Guide reads the focused HTML element through the web engine's accessibility
 * toolkit, and apps get no other text-to-speech (developer.samsung.com, "Text To Speech" guide; the Web Speech API
 * was the legacy Orsay platform's). The app draws on a canvas, so each line goes into one element of its own, kept
 * off screen but not `display: none` (which the Voice Guide skips), and that element takes the focus: the Voice Guide
 * reads it, cutting off the line before (no queue on this platform). Keys still reach the window's listener, which
 * is where the adapter hears them.
 */
export class FocusedLineReader {
  private element: HTMLElement | null = null;
  private readonly doc: Document;

  constructor(doc: Document) {
    this.doc = doc;
  }

  read(text: string): boolean {
    const element = (this.element ??= this.create());
    // textContent, never markup: a caller's name is data.
    element.textContent = text;
    // Focus moves away and back, so the same element with a new line is read again.
    element.blur();
    element.focus();
    return true;
  }

  dispose(): void {
    this.element?.remove();
    this.element = null;
  }

  private create(): HTMLElement {
    const element = this.doc.createElement('div');
    element.tabIndex = -1;
    element.setAttribute('data-couchline', 'spoken-line');
    element.style.cssText =
      'position:absolute;left:-10000px;top:0;width:1px;height:1px;overflow:hidden;white-space:nowrap';
    this.doc.body.append(element);
    return element;
  }
}
