import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { OfferedDevice, PolicyConfig } from '../../../protocol/index.ts';
import {
  configOf,
  draftConfig,
  draftRule,
  firstRule,
  type DraftPrivacy,
  type DraftRule,
} from './draft-rules.ts';
import { errorAt, invalidAt, type FieldError } from './field-error.ts';
import type { RuleChangedEvent } from './rule-card.ts';
import { rulesStyles } from './rules-styles.ts';
import type { PrivacyChangedEvent } from './display-privacy-row.ts';
import './rule-card.ts';
import './display-privacy-row.ts';

/**
 * Edits a household's routing rules: rules from a phone to a TV (each a {@link RuleCard}) with the kinds of content,
 * weekly time windows, suspensions (dates, or a programme on a channel), blocked and allow-only callers, a stop
 * switch; how much each TV shows; the time zone; caller ID on TV. Plain form controls throughout, so it works with the
 * keyboard alone and at phone width. `config` reads the rules as typed (caller lists split into numbers); the page
 * validates and sends them, and hands back an error with the field it is about (`showError`), shown next to that
 * field.
 */
export class RulesEditor extends LitElement {
  static override properties = {
    devices: { attribute: false },
    rules: { state: true },
    privacy: { state: true },
    timeZone: { state: true },
    callerIdOnTv: { state: true },
    error: { state: true },
  };

  static override styles = rulesStyles;

  declare devices: OfferedDevice[];
  declare rules: DraftRule[];
  declare privacy: Record<string, DraftPrivacy>;
  declare timeZone: string;
  declare callerIdOnTv: boolean;
  declare error: FieldError | null;
  private nextRuleId = 1;
  /** The rules as saved, by id: those can be stopped at once. */
  private savedIds = new Set<string>();
  /** The configuration as loaded, to tell whether anything typed is unsaved. */
  private loaded = '';
  private wasDirty = false;

  constructor() {
    super();
    this.devices = [];
    this.rules = [];
    this.privacy = {};
    this.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.callerIdOnTv = false;
    this.error = null;
  }

  /**
   * Starts editing a configuration: a new one, or (`saved`) the joint account's current one, whose rules can be
   * stopped and restarted at once.
   */
  load(config: PolicyConfig, saved = false): void {
    this.savedIds = new Set(saved ? config.relationships.map((r) => r.id) : []);
    this.loaded = JSON.stringify(configOf(draftConfig(config)));
    const draft = draftConfig(config);
    this.timeZone = draft.timeZone;
    this.callerIdOnTv = draft.callerIdOnTv;
    this.rules = draft.rules;
    this.privacy = draft.privacy;
    this.nextRuleId = config.relationships.length + 1;
    this.error = null;
  }

  /**
   * A saved rule stopped or restarted (applied at once by the page): the draft's rule follows, and what else is
   * typed stays as typed.
   */
  setStopped(config: PolicyConfig, ruleId: string, stopped: boolean): void {
    this.savedIds = new Set(config.relationships.map((r) => r.id));
    this.loaded = JSON.stringify(configOf(draftConfig(config)));
    this.rules = this.rules.map((r) => (r.id === ruleId ? { ...r, stopped } : r));
  }

  /** Whether what is typed differs from what was loaded (saved). */
  get isDirty(): boolean {
    return JSON.stringify(this.config) !== this.loaded;
  }

  /** The configuration as typed, not yet validated (the page validates it with protocol/'s schema). */
  get config(): PolicyConfig {
    const { timeZone, callerIdOnTv, rules, privacy } = this;
    return configOf({ timeZone, callerIdOnTv, rules, privacy });
  }

  /** Shows `message` next to the field `field` names (or the nearest part of the form that holds it), and focuses it. */
  showError(field: string, message: string): void {
    this.error = { field: this.anchorFor(field), message };
  }

  clearError(): void {
    this.error = null;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('error') && this.error) this.fieldElement(this.error.field)?.focus();
    const dirty = this.isDirty;
    if (dirty !== this.wasDirty) {
      this.wasDirty = dirty;
      this.dispatchEvent(new CustomEvent('rules:dirty-changed', { detail: dirty }));
    }
  }

  override render() {
    const displays = this.devices.filter((d) => d.kind === 'stb');
    return html`
      <fieldset>
        <legend>Household</legend>
        <div class="row">
          <label
            >Time zone
            <input
              type="text"
              list="zones"
              .value=${this.timeZone}
              data-field="config.timeZone"
              aria-invalid=${invalidAt(this.error, 'config.timeZone')}
              @change=${(e: Event) => (this.timeZone = (e.target as HTMLInputElement).value.trim())}
          /></label>
          <datalist id="zones">${timeZones().map((z) => html`<option value=${z}></option>`)}</datalist>
        </div>
        ${errorAt(this.error, 'config.timeZone')}
        <label
          ><input
            type="checkbox"
            .checked=${this.callerIdOnTv}
            data-field="config.callerIdOnTv"
            @change=${(e: Event) => (this.callerIdOnTv = (e.target as HTMLInputElement).checked)}
          />Show who is calling on the TVs (caller ID)</label
        >
        <p class="hint">
          Off until you turn it on; each rule below still chooses whether its TV gets caller ID.
        </p>
      </fieldset>
      ${this.rules.map(
        (rule, i) =>
          html`<rule-card
            .rule=${rule}
            .index=${i}
            .devices=${this.devices}
            ?saved=${this.savedIds.has(rule.id)}
            .error=${this.error}
            @rules:rule-changed=${(e: RuleChangedEvent) => this.changeRule(i, e.detail)}
          ></rule-card>`,
      )}
      <p>
        <button class="add" data-field="config.relationships" @click=${this.addRule}>Add a rule</button>
      </p>
      ${errorAt(this.error, 'config.relationships')}
      ${
        displays.length
          ? html`<fieldset>
              <legend>What each TV shows of who called</legend>
              ${displays.map(
                (display) =>
                  html`<display-privacy-row
                    .display=${display}
                    .privacy=${this.privacy[display.id] ?? { level: 'name-and-number', privateText: '' }}
                    .error=${this.error}
                    @rules:privacy-changed=${(e: PrivacyChangedEvent) =>
                      (this.privacy = { ...this.privacy, [display.id]: e.detail })}
                  ></display-privacy-row>`,
              )}
            </fieldset>`
          : nothing
      }
    `;
  }

  private changeRule(i: number, next: DraftRule | null): void {
    this.rules =
      next === null ? this.rules.filter((_, j) => j !== i) : this.rules.map((r, j) => (j === i ? next : r));
  }

  private addRule = () => {
    const rule = firstRule(this.devices, `rule-${++this.nextRuleId}-${Date.now().toString(36)}`);
    this.rules = [...this.rules, draftRule(rule)];
  };

  /** The most specific part of the form that exists for a field path ("…windows.1.end" → "…windows.1"). */
  private anchorFor(field: string): string {
    const parts = field.split('.');
    while (parts.length > 1) {
      const candidate = parts.join('.');
      if (this.fieldElement(candidate)) return candidate;
      parts.pop();
    }
    return 'config.relationships';
  }

  /** The control or part of the form marked with `field`: here, or inside a rule's card or one of its rows. */
  private fieldElement(field: string): HTMLElement | null {
    return findDeep(this.renderRoot, `[data-field="${field}"]`);
  }
}
customElements.define('rules-editor', RulesEditor);

declare global {
  interface HTMLElementTagNameMap {
    'rules-editor': RulesEditor;
  }
}

/** The first element `selector` finds in `root`, or else in the shadow roots of the elements in it, at any depth. */
function findDeep(root: ParentNode, selector: string): HTMLElement | null {
  const here = root.querySelector<HTMLElement>(selector);
  if (here) return here;
  for (const element of root.querySelectorAll('*')) {
    const found = element.shadowRoot ? findDeep(element.shadowRoot, selector) : null;
    if (found) return found;
  }
  return null;
}

function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return (
    intl.supportedValuesOf?.('timeZone') ?? [
      'America/Denver',
      'America/New_York',
      'America/Los_Angeles',
      'Europe/London',
    ]
  );
}
