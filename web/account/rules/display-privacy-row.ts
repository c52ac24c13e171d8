import { LitElement, html, nothing } from 'lit';
import type { OfferedDevice, PrivacyLevel } from '../../../protocol/index.ts';
import { PRIVACY_LABELS } from '../wording.ts';
import type { DraftPrivacy } from './draft-rules.ts';
import { errorAt, type FieldError } from './field-error.ts';
import { rulesStyles } from './rules-styles.ts';

const PRIVACY_LEVELS: PrivacyLevel[] = ['name-and-number', 'number-only', 'private'];

/** `rules:privacy-changed`: what the TV shows now. */
export type PrivacyChangedEvent = CustomEvent<DraftPrivacy>;

/** How much one TV shows of who called, and the numbers always private on it. */
export class DisplayPrivacyRow extends LitElement {
  static override properties = {
    display: { attribute: false },
    privacy: { attribute: false },
    error: { attribute: false },
  };

  static override styles = rulesStyles;

  declare display: OfferedDevice | null;
  declare privacy: DraftPrivacy;
  declare error: FieldError | null;

  constructor() {
    super();
    this.display = null;
    this.privacy = { level: 'name-and-number', privateText: '' };
    this.error = null;
  }

  override render() {
    const display = this.display;
    if (!display) return nothing;
    const at = `config.privacy.${display.id}`;
    const current = this.privacy;
    return html`<div class="item" data-field=${at} tabindex="-1">
        <label for="privacy-${display.id}">${display.name}</label>
        <select
          id="privacy-${display.id}"
          @change=${(e: Event) => this.set({ level: (e.target as HTMLSelectElement).value as PrivacyLevel })}
        >
          ${PRIVACY_LEVELS.map((l) => html`<option value=${l} ?selected=${l === current.level}>${PRIVACY_LABELS[l]}</option>`)}
        </select>
        <label for="private-${display.id}">Always private for these numbers</label>
        <textarea
          id="private-${display.id}"
          data-field="${at}.privateCallers"
          .value=${current.privateText}
          @change=${(e: Event) => this.set({ privateText: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
      </div>
      ${errorAt(this.error, at)} ${errorAt(this.error, `${at}.privateCallers`)}`;
  }

  private set(change: Partial<DraftPrivacy>): void {
    this.dispatchEvent(new CustomEvent('rules:privacy-changed', { detail: { ...this.privacy, ...change } }));
  }
}
customElements.define('display-privacy-row', DisplayPrivacyRow);

declare global {
  interface HTMLElementTagNameMap {
    'display-privacy-row': DisplayPrivacyRow;
  }
}
