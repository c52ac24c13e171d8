import type { Generated } from 'kysely';

/**
 * The tables as the query layer sees them (migrations.ts creates them). Times are ms since the epoch unless a
 * column says otherwise; JSON columns hold text, parsed by their repository.
 */
export interface Tables {
  settings: { key: string; value: string };
  households: {
    id: string;
    name: string;
    password_hash: string | null;
    billing_code: string | null;
    created_at: number | null;
    /** 0: one device's own place until a joint account takes it in. */
    joint: Generated<number>;
  };
  household_accounts: {
    household_id: string;
    directory: 'wireless' | 'cable';
    account_id: string;
    holder_name: string;
    via: 'credentials' | 'consent';
    /** The order the household's accounts were linked in (from 0). */
    linked_order: Generated<number>;
  };
  rate_limits: { key: string; points: number; expire: number | null };
  devices: {
    id: string;
    household_id: string;
    kind: 'phone' | 'stb';
    name: string;
    phone_number: string | null;
    room: string | null;
    owner_name: string;
    last_seq: Generated<number>;
    platform: string | null;
    model: string | null;
    app_version: string | null;
    enrolled_at: number | null;
    last_seen_at: number | null;
    origin: Generated<'carrier' | 'display'>;
    removed_at: number | null;
    held_at: number | null;
  };
  device_tokens: {
    token_hash: string;
    device_id: string;
    created_at: number;
    last_seen_at: number | null;
    revoked_at: number | null;
  };
  enrollment_codes: {
    device_code_hash: string;
    user_code: string;
    kind: 'phone' | 'stb';
    platform: string;
    model: string;
    app_version: string;
    created_at: number;
    expires_at: number;
    interval_sec: number;
    last_poll_at: number | null;
    state: 'pending' | 'approved' | 'denied';
    device_id: string | null;
  };
  used_assertions: { id: string; expires_at: number };
  /** Carrier webhooks accepted (`webhook-id`), kept until their timestamp is out of the tolerance window. */
  webhook_ids: { id: string; expires_at: number };
  relationships: { phone_id: string; stb_id: string; content_type: string };
  outbox: {
    device_id: string;
    seq: number;
    event_id: string;
    name: string;
    data: string;
    /** ISO time. */
    at: string;
    expires_at: number;
  };
  voicemail_messages: { message_id: string; mailbox: string; caller_name: string; received_at: string };
  voicemail_recipients: { message_id: string; device_id: string; show: string };
  household_policies: { household_id: string; config: string; updated_at: number };
  delivery_log: {
    id: Generated<number>;
    household_id: string;
    /** ISO time. */
    at: string;
    content_type: string;
    subject: string;
    device_id: string;
    outcome: string;
    detail: string;
  };
  deferred_alerts: {
    id: Generated<number>;
    device_id: string;
    until: number;
    programme_title: string;
    data: string;
  };
  device_profiles: {
    device_id: string;
    profile_id: string;
    capabilities: string;
    authorized: string;
    updated_at: number;
  };
  capability_requests: { requester_id: string; proxy_id: string; created_at: number };
  texts: {
    id: string;
    client_id: string;
    household_id: string;
    from_device: string;
    proxy_device: string;
    recipient: string;
    payload: string;
    status: string;
    reason: string | null;
    created_at: number;
    expires_at: number;
  };
}
