import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { DeviceRename, formatPhoneNumber, validate, type HouseholdDevice } from '../../protocol/index.ts';
import { EventListenerController } from '../shared/event-listener-controller.ts';
import { formText } from '../shared/form-fields.ts';
import { controlStyles } from '../shared/form-styles.ts';
import { IntervalController } from '../shared/interval-controller.ts';
import { deviceDetails, errorText, timeAgo, type CodedError } from './wording.ts';

/** What the devices list needs of the joint account's API. */
export interface HouseholdDevicesApi {
  list(): Promise<HouseholdDevice[]>;
  rename(deviceId: string, rename: DeviceRename): Promise<HouseholdDevice>;
  /** Revokes the device's tokens at once; it drops off the channel. */
  remove(deviceId: string): Promise<void>;
}

type Load =
  | { status: 'initial' | 'pending' }
  | { status: 'complete'; devices: HouseholdDevice[] }
  | { status: 'error'; message: string };

/** What one row is doing: showing, the rename form, or asking before a removal. */
type RowMode = { deviceId: string; mode: 'rename' | 'confirm-remove' } | null;

/** How often the list is asked again, for who is online and last seen. */
const REFRESH_MS = 30_000;

/**
 * The household's devices: every phone and TV with its name, room, platform and app version, when it was last
 * seen and whether it is online now; Rename (an inline form) and Remove (asks first; its tokens stop working at
 * once). The list is asked again after each change, when the page is shown again, and every 30 seconds.
 */
export class HouseholdDevices extends LitElement {
  static override properties = {
    api: { attribute: false },
    load: { state: true },
    row: { state: true },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        border: 1px solid #d0d5de;
        border-radius: 12px;
        padding: 10px 12px;
        margin: 0 0 10px;
        background: #fff;
        overflow-wrap: anywhere;
      }
      li.gone {
        background: #f4f6fa;
      }
      .name {
        font-weight: 600;
      }
      .meta {
        color: #5b6475;
        font-size: 14px;
      }
      .online {
        color: #1d7a35;
        font-weight: 600;
      }
      .online::before {
        content: '● ';
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin: 6px 0;
      }
      input[type='text'] {
        padding: 6px 8px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-top: 8px;
      }
      button {
        padding: 4px 14px;
        border-radius: 16px;
        border: 1px solid #1f6feb;
        background: #fff;
        color: #1f6feb;
        cursor: pointer;
      }
      button.primary {
        background: #1f6feb;
        color: #fff;
      }
      button.danger {
        background: #b3261e;
        border-color: #b3261e;
        color: #fff;
      }
      button[disabled] {
        opacity: 0.6;
      }
      .error {
        color: #b3261e;
        font-weight: 600;
      }
      .notice {
        background: #f1f8f2;
        color: #1d5c2a;
        border-radius: 10px;
        padding: 8px 12px;
        margin: 0 0 10px;
        overflow-wrap: anywhere;
      }
      .confirm {
        margin-top: 8px;
        padding: 8px 10px;
        border-radius: 10px;
        background: #fdecea;
        color: #7a1c14;
      }
      :focus-visible {
        outline: 3px solid #1f6feb;
        outline-offset: 2px;
      }
    `,
  ];

  declare api: HouseholdDevicesApi | null;
  declare load: Load;
  declare row: RowMode;
  declare busy: boolean;
  /** A failed rename or removal, on its row. */
  declare error: { deviceId: string; field: string; message: string } | null;
  declare notice: string | null;

  constructor() {
    super();
    this.api = null;
    this.load = { status: 'initial' };
    this.row = null;
    this.busy = false;
    this.error = null;
    this.notice = null;
    new IntervalController(this, REFRESH_MS, () => void this.refresh());
    new EventListenerController(this, document, 'visibilitychange', this.onVisibilityChange);
  }

  /** Back to the page (from the TV, say): the list is asked again at once. */
  private onVisibilityChange = () => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  /** Asks for the list again (after a device joined, say). */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api) return;
    if (this.load.status !== 'complete') this.load = { status: 'pending' };
    try {
      const devices = await api.list();
      if (this.api === api) this.load = { status: 'complete', devices };
    } catch (error) {
      if (this.load.status !== 'complete') this.load = { status: 'error', message: messageOf(error) };
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api) void this.refresh();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('row') && this.row) {
      const selector = this.row.mode === 'rename' ? 'input[name="name"]' : '.confirm button';
      this.renderRoot
        .querySelector<HTMLElement>(`li[data-device-id="${CSS.escape(this.row.deviceId)}"] ${selector}`)
        ?.focus();
    }
  }

  override render() {
    const load = this.load;
    return html`${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${
        load.status === 'complete'
          ? load.devices.length
            ? html`<ul aria-label="Phones and TVs">
                ${repeat(
                  load.devices,
                  (d) => d.id,
                  (d) => this.renderDevice(d),
                )}
              </ul>`
            : html`<p>No phones or TVs yet.</p>`
          : load.status === 'error'
            ? html`<p class="error" role="alert">Cannot load the devices: ${load.message}</p>`
            : html`<p>Loading…</p>`
      }
      <div class="actions">
        <button @click=${() => void this.refresh()}>Update the list</button>
      </div>`;
  }

  private renderDevice(d: HouseholdDevice) {
    const mode = this.row?.deviceId === d.id ? this.row.mode : null;
    const rowError = this.error?.deviceId === d.id ? this.error : null;
    return html`<li data-device-id=${d.id} class=${d.enrolled ? '' : 'gone'}>
      <div class="name">${d.name}${d.room ? html` <span class="meta">· ${d.room}</span>` : nothing}</div>
      <div class="meta">
        ${deviceDetails(d)}${d.phoneNumber ? ` · ${formatPhoneNumber(d.phoneNumber)}` : ''} · ${d.ownerName}
      </div>
      <div class="meta" data-testid="seen">${this.seenText(d)}</div>
      ${
        mode === 'rename'
          ? this.renderRename(d, rowError)
          : mode === 'confirm-remove'
            ? html`<div class="confirm" role="alertdialog" aria-label="Remove ${d.name}?">
                <p>
                  Remove ${d.name}? It stops at once: no more alerts or texts, and it must join again with a
                  code ${d.kind === 'phone' ? 'or by signing in ' : ''}to come back.
                </p>
                ${rowError ? html`<p class="error" role="alert">${rowError.message}</p>` : nothing}
                <div class="actions">
                  <button class="danger" ?disabled=${this.busy} @click=${() => void this.onRemove(d)}>
                    Remove it
                  </button>
                  <button @click=${this.closeRow}>Keep it</button>
                </div>
              </div>`
            : html`<div class="actions">
                <button aria-label="Rename ${d.name}" @click=${() => this.openRow(d.id, 'rename')}>
                  Rename
                </button>
                ${
                  d.enrolled
                    ? html`<button
                        aria-label="Remove ${d.name}"
                        @click=${() => this.openRow(d.id, 'confirm-remove')}
                      >
                        Remove
                      </button>`
                    : nothing
                }
              </div>`
      }
    </li>`;
  }

  private renderRename(d: HouseholdDevice, rowError: { field: string; message: string } | null) {
    const field = (name: 'name' | 'room', label: string, value: string) => {
      const invalid = rowError?.field === name;
      return html`<div class="field">
        <label for="rename-${d.id}-${name}">${label}</label>
        <input
          id="rename-${d.id}-${name}"
          name=${name}
          type="text"
          maxlength="40"
          .value=${value}
          aria-invalid=${invalid ? 'true' : 'false'}
        />
      </div>`;
    };
    return html`<form @submit=${(e: SubmitEvent) => void this.onRename(e, d)} novalidate>
      ${field('name', 'Name', d.name)} ${d.kind === 'stb' ? field('room', 'Room', d.room ?? '') : nothing}
      ${rowError ? html`<p class="error" role="alert">${rowError.message}</p>` : nothing}
      <div class="actions">
        <button class="primary" ?disabled=${this.busy}>Save</button>
        <button type="button" @click=${this.closeRow}>Cancel</button>
      </div>
    </form>`;
  }

  private seenText(d: HouseholdDevice) {
    if (!d.enrolled) {
      return d.lastSeenAt
        ? `Not joined now — last seen ${timeAgo(d.lastSeenAt)}`
        : d.kind === 'stb'
          ? 'Not joined yet — add it with the code its screen shows'
          : 'Not joined yet — sign in on the phone';
    }
    if (d.online) return html`<span class="online">Online now</span>`;
    return d.lastSeenAt ? `Last seen ${timeAgo(d.lastSeenAt)}` : 'Joined, not seen yet';
  }

  private openRow(deviceId: string, mode: 'rename' | 'confirm-remove'): void {
    this.error = null;
    this.notice = null;
    this.row = { deviceId, mode };
  }

  private closeRow = () => {
    const deviceId = this.row?.deviceId;
    this.row = null;
    this.error = null;
    if (deviceId) {
      void this.updateComplete.then(() =>
        this.renderRoot
          .querySelector<HTMLElement>(`li[data-device-id="${CSS.escape(deviceId)}"] .actions button`)
          ?.focus(),
      );
    }
  };

  private async onRename(e: SubmitEvent, d: HouseholdDevice): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const name = formText(data, 'name');
    const room = data.has('room') ? formText(data, 'room') : undefined;
    const change: { name?: string; room?: string } = {};
    if (name !== d.name) change.name = name;
    if (room !== undefined && room !== (d.room ?? '')) change.room = room;
    if (change.name === undefined && change.room === undefined) {
      this.closeRow();
      return;
    }
    const checked = validate(DeviceRename, change);
    if (!checked.ok) {
      const field = checked.field ?? 'name';
      this.error = {
        deviceId: d.id,
        field,
        message:
          field === 'room'
            ? 'Give the room a name (up to 40 characters)'
            : 'Give it a name (up to 40 characters)',
      };
      return;
    }
    await this.act(d, async (api) => {
      const renamed = await api.rename(d.id, checked.value);
      this.notice = `Renamed to ${renamed.name}${renamed.room && d.kind === 'stb' ? ` (${renamed.room})` : ''}.`;
    });
  }

  private async onRemove(d: HouseholdDevice): Promise<void> {
    await this.act(d, async (api) => {
      await api.remove(d.id);
      this.notice = `${d.name} was removed: it no longer receives anything.`;
    });
  }

  /** One change to a device: then the row closes and the list is asked again. */
  private async act(d: HouseholdDevice, work: (api: HouseholdDevicesApi) => Promise<void>): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      await work(api);
      this.row = null;
      await this.refresh();
    } catch (error) {
      this.error = {
        deviceId: d.id,
        field: (error as CodedError).details?.field ?? '',
        message: messageOf(error),
      };
    } finally {
      this.busy = false;
    }
  }
}

function messageOf(error: unknown): string {
  const coded = error as Partial<CodedError>;
  return typeof coded.code === 'string' ? errorText(coded as CodedError) : (error as Error).message;
}

customElements.define('household-devices', HouseholdDevices);

declare global {
  interface HTMLElementTagNameMap {
    'household-devices': HouseholdDevices;
  }
}
