import { LitElement, html } from 'lit';
import type { Suspension } from '../../../protocol/index.ts';
import { errorAt, invalidAt, type FieldError } from './field-error.ts';
import { rulesStyles } from './rules-styles.ts';

/** `rules:suspension-changed`: the suspension as changed, or null when the person removed it. */
export type SuspensionChangedEvent = CustomEvent<Suspension | null>;

/** One time a rule is not followed: from and to dates, or a programme on a channel; and Remove. */
export class SuspensionRow extends LitElement {
  static override properties = {
    suspension: { attribute: false },
    field: {},
    error: { attribute: false },
  };

  static override styles = rulesStyles;

  declare suspension: Suspension;
  /** Where errors about it come back (`config.relationships.0.suspensions.1`). */
  declare field: string;
  declare error: FieldError | null;

  constructor() {
    super();
    this.suspension = { kind: 'dates', from: '', to: '' };
    this.field = '';
    this.error = null;
  }

  override render() {
    const s = this.suspension;
    const fields =
      s.kind === 'dates'
        ? html`<label
              >From
              <input
                type="date"
                .value=${s.from}
                @change=${(e: Event) => this.set({ ...s, from: (e.target as HTMLInputElement).value })}
            /></label>
            <label
              >to
              <input
                type="date"
                .value=${s.to}
                @change=${(e: Event) => this.set({ ...s, to: (e.target as HTMLInputElement).value })}
            /></label>`
        : html`<label
              >Programme
              <input
                type="text"
                .value=${s.title}
                @change=${(e: Event) => this.set({ ...s, title: (e.target as HTMLInputElement).value })}
            /></label>
            <label
              >on channel
              <input
                type="text"
                size="4"
                .value=${s.channel}
                @change=${(e: Event) => this.set({ ...s, channel: (e.target as HTMLInputElement).value })}
            /></label>`;
    return html`<div
        class="item"
        data-field=${this.field}
        tabindex="-1"
        aria-invalid=${invalidAt(this.error, this.field)}
      >
        ${fields}
        <button @click=${() => this.set(null)} aria-label="Remove this suspension">Remove</button>
      </div>
      ${errorAt(this.error, this.field)}`;
  }

  private set(next: Suspension | null): void {
    this.dispatchEvent(new CustomEvent('rules:suspension-changed', { detail: next }));
  }
}
customElements.define('suspension-row', SuspensionRow);

declare global {
  interface HTMLElementTagNameMap {
    'suspension-row': SuspensionRow;
  }
}
