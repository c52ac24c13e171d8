import type { AppConfig } from '../../app/core/config.ts';
import { createTvApp } from '../../app/tv-app.ts';
import { MOCK_CREDENTIALS } from '../../mocks/fixtures.ts';
import type {
  DeviceCredentials,
  PlatformCapabilities,
  PlatformIdentity,
} from '../../platform-adapters/contract/index.ts';
import { FakeAdapter } from '../../platform-adapters/fake/fake-adapter.ts';
import { freshDbName } from './wait.ts';

/**
 * The real TV app on a fake platform, against whatever msw mock is active: the living-room STB's credentials (or
 * `credentials: null`, a TV that must enroll), a small viewport, its own IndexedDB unless `dbName` says which (to
 * simulate a restart).
 */
export async function startTestTv(
  options: {
    /** Settings as the TV's page URL gives them (app/core/config.ts), over the test's own. */
    config?: Partial<AppConfig>;
    dbName?: string;
    alertMs?: number;
    credentials?: DeviceCredentials | null;
    capabilities?: Partial<PlatformCapabilities>;
    /** The box's platform identity, for zero-touch enrollment. */
    identity?: PlatformIdentity;
    /** The platform's voice-guidance setting (its accessibility menu); off by default. */
    voiceGuidance?: boolean;
  } = {},
) {
  const adapter = new FakeAdapter({
    credentials: options.credentials === undefined ? MOCK_CREDENTIALS : options.credentials,
    capabilities: options.capabilities,
    identity: options.identity ?? null,
    voiceGuidance: options.voiceGuidance ?? false,
  });
  const container = document.createElement('div');
  document.body.append(container);
  const app = await createTvApp({
    adapter,
    config: {
      pushUrl: 'ws://couchline.test/push',
      apiUrl: window.location.origin,
      alertMs: options.alertMs ?? 60_000,
      textWaitMinutes: 60,
      inspect: false,
      ...options.config,
    },
    container,
    dbName: options.dbName ?? freshDbName(),
    viewport: { width: 960, height: 540 },
  });
  return {
    app,
    adapter,
    stop: () => {
      app.dispose();
      container.remove();
    },
  };
}
