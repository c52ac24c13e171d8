import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig } from './config.ts';

// The expected values are the README's "Configuration (environment)" paragraph and its "a new TV joins" section.
describe('the configuration read from the environment', () => {
  const root = mkdtempSync(join(tmpdir(), 'couchline-config-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  let folders = 0;
  /** A fake environment with nothing set but a fresh data folder (each test its own). */
  const envWith = (vars: Record<string, string> = {}) => ({
    COUCHLINE_DATA_DIR: join(root, `data-${++folders}`),
    ...vars,
  });

  test('with nothing set: the README’s defaults', () => {
    const config = loadConfig(envWith());
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.demo, true);
    assert.equal(config.demoOnAnyHost, false);
    assert.equal(config.heartbeatMs, 30_000);
    assert.equal(config.publicUrl, null);
    // The device-auth service: the simulated cable directory's unless named (the backend falls back to it).
    assert.equal(config.cableDeviceAuthUrl, null);
    assert.equal(config.cableDeviceAuthIssuer, 'fxt-digital-tv');
  });

  test('the data folder is `data` unless COUCHLINE_DATA_DIR names one', () => {
    const cwd = process.cwd();
    const here = mkdtempSync(join(root, 'cwd-'));
    process.chdir(here);
    try {
      assert.equal(loadConfig({}).dataDir, join(here, 'data'));
    } finally {
      process.chdir(cwd);
    }
    const env = envWith();
    assert.equal(loadConfig(env).dataDir, env.COUCHLINE_DATA_DIR);
  });

  test('COUCHLINE_DEMO=0 turns the demo household off; =1 lets its devices pair on any host; other values change nothing', () => {
    assert.deepEqual(pick(loadConfig(envWith({ COUCHLINE_DEMO: '0' }))), {
      demo: false,
      demoOnAnyHost: false,
    });
    assert.deepEqual(pick(loadConfig(envWith({ COUCHLINE_DEMO: '1' }))), { demo: true, demoOnAnyHost: true });
    assert.deepEqual(pick(loadConfig(envWith({ COUCHLINE_DEMO: 'yes' }))), {
      demo: true,
      demoOnAnyHost: false,
    });
  });

  test('each variable is read', () => {
    const config = loadConfig(
      envWith({
        COUCHLINE_HOST: '0.0.0.0',
        COUCHLINE_PORT: '9090',
        COUCHLINE_PUBLIC_URL: 'https://tv.example.net',
        COUCHLINE_OPERATOR_KEY: 'operator-key-from-the-environment',
        COUCHLINE_CABLE_DEVICE_AUTH_URL: 'https://auth.fxt.example',
        COUCHLINE_CABLE_DEVICE_AUTH_ISSUER: 'fxt-prod',
        COUCHLINE_HEARTBEAT_MS: '5000',
      }),
    );
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 9090);
    assert.equal(config.publicUrl, 'https://tv.example.net');
    assert.equal(config.operatorKey, 'operator-key-from-the-environment');
    assert.equal(config.cableDeviceAuthUrl, 'https://auth.fxt.example');
    assert.equal(config.cableDeviceAuthIssuer, 'fxt-prod');
    assert.equal(config.heartbeatMs, 5000);
  });

  test('the operator key is generated once, kept owner-only, and reused', () => {
    const env = envWith();
    const first = loadConfig(env);
    const file = join(env.COUCHLINE_DATA_DIR, 'operator-key');
    assert.equal(readFileSync(file, 'utf8'), first.operatorKey);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(first.operatorKey.length >= 32, first.operatorKey);
    assert.equal(loadConfig(env).operatorKey, first.operatorKey);
    assert.notEqual(loadConfig(envWith()).operatorKey, first.operatorKey);
  });

  test('roles: both with nothing set (the embedded product); api or gateway alone only with a Redis to share', () => {
    const embedded = loadConfig(envWith());
    assert.deepEqual([...embedded.roles], ['api', 'gateway']);
    assert.equal(embedded.redisUrl, null);
    const redis = { COUCHLINE_REDIS_URL: 'redis://127.0.0.1:6379' };
    assert.deepEqual([...loadConfig(envWith({ ...redis, COUCHLINE_ROLES: 'api' })).roles], ['api']);
    assert.deepEqual([...loadConfig(envWith({ ...redis, COUCHLINE_ROLES: ' gateway ' })).roles], ['gateway']);
    const both = loadConfig(envWith({ ...redis, COUCHLINE_ROLES: 'gateway,api' }));
    assert.equal(both.roles.size, 2);
    assert.equal(both.redisUrl, 'redis://127.0.0.1:6379');
  });

  test('a wrong COUCHLINE_ROLES or COUCHLINE_REDIS_URL stops the start saying what is expected', () => {
    const redis = { COUCHLINE_REDIS_URL: 'redis://127.0.0.1:6379' };
    assert.throws(
      () => loadConfig(envWith({ ...redis, COUCHLINE_ROLES: 'api,websocket' })),
      /COUCHLINE_ROLES is api, gateway or api,gateway, not 'api,websocket' \(unknown: 'websocket'\)/,
    );
    assert.throws(() => loadConfig(envWith({ ...redis, COUCHLINE_ROLES: ',' })), /unknown: ''/);
    assert.throws(
      () => loadConfig(envWith({ COUCHLINE_ROLES: 'gateway' })),
      /COUCHLINE_ROLES=gateway needs COUCHLINE_REDIS_URL/,
    );
    assert.throws(
      () => loadConfig(envWith({ COUCHLINE_REDIS_URL: 'http://127.0.0.1:6379' })),
      /must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  test('trusted proxies: none by default, a list of IP addresses, anything else named', () => {
    assert.deepEqual(loadConfig(envWith()).trustedProxies, []);
    assert.deepEqual(loadConfig(envWith({ COUCHLINE_TRUSTED_PROXIES: '127.0.0.1, ::1' })).trustedProxies, [
      '127.0.0.1',
      '::1',
    ]);
    assert.throws(
      () => loadConfig(envWith({ COUCHLINE_TRUSTED_PROXIES: '10.0.0.1,door.internal' })),
      /COUCHLINE_TRUSTED_PROXIES lists IP addresses; not one: door.internal/,
    );
  });

  test('a port or heartbeat that is not a number stops the start with a message naming it', () => {
    assert.throws(() => loadConfig(envWith({ COUCHLINE_PORT: 'eighty' })), /not a port number: eighty/);
    assert.throws(() => loadConfig(envWith({ COUCHLINE_PORT: '70000' })), /not a port number: 70000/);
    assert.throws(
      () => loadConfig(envWith({ COUCHLINE_HEARTBEAT_MS: '-5' })),
      /not a positive whole number: -5/,
    );
  });

  test('logs and metrics: level, format and the metrics token, each checked', () => {
    const none = loadConfig(envWith());
    assert.deepEqual([none.logLevel, none.logFormat, none.metricsToken], ['info', null, null]);
    const set = loadConfig(
      envWith({
        COUCHLINE_LOG_LEVEL: 'warn',
        COUCHLINE_LOG_FORMAT: 'json',
        COUCHLINE_METRICS_TOKEN: 'scrape',
      }),
    );
    assert.deepEqual([set.logLevel, set.logFormat, set.metricsToken], ['warn', 'json', 'scrape']);
    assert.throws(
      () => loadConfig(envWith({ COUCHLINE_LOG_LEVEL: 'verbose' })),
      /COUCHLINE_LOG_LEVEL is silent, error, warn, info, not 'verbose'/,
    );
    assert.throws(
      () => loadConfig(envWith({ COUCHLINE_LOG_FORMAT: 'xml' })),
      /COUCHLINE_LOG_FORMAT is json, pretty, not 'xml'/,
    );
  });
});

const pick = ({ demo, demoOnAnyHost }: { demo: boolean; demoOnAnyHost: boolean }) => ({
  demo,
  demoOnAnyHost,
});
