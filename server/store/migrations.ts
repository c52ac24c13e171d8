/** Our backend's schema, applied by migrate.ts. Never edit a shipped migration: add the next one. */
export const MIGRATIONS: readonly string[] = [
  /* 1: households, devices, tokens, relationships, outbox */ `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE households (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'stb')),
    name TEXT NOT NULL,
    phone_number TEXT,
    room TEXT,
    owner_name TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX devices_phone_number ON devices(phone_number) WHERE phone_number IS NOT NULL;
  CREATE TABLE device_tokens (
    token_hash TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE relationships (
    phone_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    stb_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    PRIMARY KEY (phone_id, stb_id, content_type)
  );
  CREATE TABLE outbox (
    device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    at TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, seq),
    UNIQUE (device_id, event_id)
  );
  CREATE INDEX outbox_expiry ON outbox(expires_at);
  `,
  /* 2: voicemail messages we were told of, and which devices were told, for access checks and result fan-out */ `
  CREATE TABLE voicemail_messages (
    message_id TEXT PRIMARY KEY,
    mailbox TEXT NOT NULL,
    caller_name TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE TABLE voicemail_recipients (
    message_id TEXT NOT NULL REFERENCES voicemail_messages(message_id) ON DELETE CASCADE,
    device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    PRIMARY KEY (message_id, device_id)
  );
  `,
  /* 3: each household's routing rules, the log of every decision, and how much each recipient was shown */ `
  CREATE TABLE household_policies (
    household_id TEXT PRIMARY KEY REFERENCES households(id) ON DELETE CASCADE,
    config TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE delivery_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    household_id TEXT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    content_type TEXT NOT NULL,
    subject TEXT NOT NULL,
    device_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX delivery_log_household ON delivery_log(household_id, id);
  ALTER TABLE voicemail_recipients ADD COLUMN show TEXT NOT NULL DEFAULT 'name-and-number';
  `,
  /* 4: joint accounts: their own password and billing code, the carrier accounts they join, wrong logins */ `
  ALTER TABLE households ADD COLUMN password_hash TEXT;
  ALTER TABLE households ADD COLUMN billing_code TEXT;
  ALTER TABLE households ADD COLUMN created_at INTEGER;
  -- 0: one device's own place until a joint account takes it in (demo pairing of a device no joint account has)
  ALTER TABLE households ADD COLUMN joint INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE household_accounts (
    household_id TEXT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    directory TEXT NOT NULL,
    account_id TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    via TEXT NOT NULL CHECK (via IN ('credentials', 'consent')),
    PRIMARY KEY (directory, account_id)
  );
  CREATE TABLE login_failures (subject TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX login_failures_subject ON login_failures(subject, at);
  `,
  /* 5: alerts held while a screen is quiet for a programme, delivered as one summary when it ends */ `
  CREATE TABLE deferred_alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    until INTEGER NOT NULL,
    programme_title TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX deferred_alerts_until ON deferred_alerts(until);
  `,
  /* 6: looking up a subject's decisions (devices report outcomes only for what they were sent) */ `
  CREATE INDEX delivery_log_subject ON delivery_log(subject, device_id);
  `,
  /* 7: identity: each device's profile (capabilities, and a proxy's master list), and requests to use a proxy */ `
  CREATE TABLE device_profiles (
    device_id TEXT PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
    profile_id TEXT NOT NULL UNIQUE,
    capabilities TEXT NOT NULL,
    authorized TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE capability_requests (
    requester_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    proxy_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (requester_id, proxy_id)
  );
  `,
  /* 8: texts sent through a proxy, and where each is */ `
  CREATE TABLE texts (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    household_id TEXT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    from_device TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    proxy_device TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    UNIQUE (from_device, client_id)
  );
  CREATE INDEX texts_waiting ON texts(status, expires_at);
  `,
  /* 9: enrollment: what each device said when it enrolled, token times, codes waiting for approval, used box assertions */ `
  ALTER TABLE devices ADD COLUMN platform TEXT;
  ALTER TABLE devices ADD COLUMN model TEXT;
  ALTER TABLE devices ADD COLUMN app_version TEXT;
  ALTER TABLE devices ADD COLUMN enrolled_at INTEGER;
  ALTER TABLE devices ADD COLUMN last_seen_at INTEGER;
  -- 'carrier': a phone line or box of a linked account; 'screen': a screen a household added by code, by room
  ALTER TABLE devices ADD COLUMN origin TEXT NOT NULL DEFAULT 'carrier';
  -- set when a household removes a screen it added: kept so the delivery log can still name it
  ALTER TABLE devices ADD COLUMN removed_at INTEGER;
  -- set when a household removes a line or box of its accounts: it comes back only by the household's approval
  -- (a code), never by itself (its operator identity, bulk enrollment, or the demo route)
  ALTER TABLE devices ADD COLUMN held_at INTEGER;
  ALTER TABLE device_tokens ADD COLUMN last_seen_at INTEGER;
  -- kept a while after revocation, so a revoked device is told so (AUTH_REVOKED) rather than "unknown token"
  ALTER TABLE device_tokens ADD COLUMN revoked_at INTEGER;
  UPDATE device_tokens SET last_seen_at = created_at;
  CREATE INDEX device_tokens_device ON device_tokens(device_id);
  CREATE INDEX device_tokens_revoked ON device_tokens(revoked_at) WHERE revoked_at IS NOT NULL;
  CREATE TABLE enrollment_codes (
    device_code_hash TEXT PRIMARY KEY,
    user_code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'stb')),
    platform TEXT NOT NULL,
    model TEXT NOT NULL,
    app_version TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    interval_sec INTEGER NOT NULL,
    last_poll_at INTEGER,
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'denied')),
    device_id TEXT REFERENCES devices(id) ON DELETE CASCADE
  );
  CREATE INDEX enrollment_codes_expiry ON enrollment_codes(expires_at);
  CREATE TABLE used_assertions (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
  `,
  /* 10: a TV set the household added by code is a 'display' now ("screen" means a view of the TV app) */ `
  UPDATE devices SET origin = 'display' WHERE origin = 'screen';
  `,
  /* 11: the carrier webhooks' ids we accepted, each kept while its timestamp is fresh, so none is replayed */ `
  CREATE TABLE webhook_ids (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
  CREATE INDEX webhook_ids_expiry ON webhook_ids(expires_at);
  `,
];
