import { LitElement, html } from 'lit';
import type { TimeWindow } from '../../../protocol/index.ts';
import { DAY_NAMES } from '../wording.ts';
import { errorAt, invalidAt, type FieldError } from './field-error.ts';
import { rulesStyles } from './rules-styles.ts';

/** `rules:window-changed`: the window as changed, or null when the person removed it. */
export type WindowChangedEvent = CustomEvent<TimeWindow | null>;

/** One weekly time window of a rule: its days, from and to, and Remove. */
export class TimeWindowRow extends LitElement {
  static override properties = {
    window: { attribute: false },
    field: {},
    error: { attribute: false },
  };

  static override styles = rulesStyles;

  declare window: TimeWindow;
  /** Where errors about it come back (`config.relationships.0.windows.1`). */
  declare field: string;
  declare error: FieldError | null;

  constructor() {
    super();
    this.window = { days: [], start: '00:00', end: '24:00' };
    this.field = '';
    this.error = null;
  }

  override render() {
    const w = this.window;
    return html`<div
        class="item"
        data-field=${this.field}
        tabindex="-1"
        aria-invalid=${invalidAt(this.error, this.field)}
      >
        <span class="days" role="group" aria-label="Days">
          ${DAY_NAMES.map(
            (name, d) =>
              html`<label
                ><input
                  type="checkbox"
                  .checked=${w.days.includes(d + 1)}
                  @change=${(e: Event) =>
                    this.set({
                      ...w,
                      days: (e.target as HTMLInputElement).checked
                        ? [...w.days, d + 1].sort((a, b) => a - b)
                        : w.days.filter((x) => x !== d + 1),
                    })}
                />${name}</label
              >`,
          )}
        </span>
        <label
          >from
          <input
            type="time"
            .value=${w.start}
            @change=${(e: Event) => this.set({ ...w, start: (e.target as HTMLInputElement).value })}
        /></label>
        <label
          >to
          <input
            type="time"
            .value=${w.end === '24:00' ? '23:59' : w.end}
            @change=${(e: Event) => this.set({ ...w, end: (e.target as HTMLInputElement).value })}
        /></label>
        <button @click=${() => this.set(null)} aria-label="Remove this time window">Remove</button>
      </div>
      ${errorAt(this.error, this.field)}`;
  }

  private set(next: TimeWindow | null): void {
    this.dispatchEvent(new CustomEvent('rules:window-changed', { detail: next }));
  }
}
customElements.define('time-window-row', TimeWindowRow);

declare global {
  interface HTMLElementTagNameMap {
    'time-window-row': TimeWindowRow;
  }
}
