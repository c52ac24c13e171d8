/** What the TV app can be told from its page URL, with defaults for a real box. */
export interface AppConfig {
  /** The push gateway's WebSocket URL (same origin as the app by default). */
  pushUrl: string;
  /** The backend's HTTP origin for the device API (same origin as the app by default). */
  apiUrl: string;
  /** How long an alert stays on screen before it dismisses itself. */
  alertMs: number;
  /** How long a text waits for an offline phone before it fails (the draft is kept). */
  textWaitMinutes: number;
  /** Mirror the Lightning scene into the DOM (Lightning inspector), for developers and end-to-end tests. */
  inspect: boolean;
  /** Leave User Timing marks for first frame, key → frame and alert → frame (app/ui/frame-timing.ts). */
  perf?: boolean;
  /** Demo backends: pair as this set-top box on first start (a packaged app has no emulator to pair it). */
  demoDevice?: string;
}

/** What a package puts in `couchline-config.js` (packaging/package.ts): where the backend is, as the TV reaches it. */
interface PackagedConfig {
  api?: string;
  push?: string;
  demoDevice?: string;
}

/**
 * The page URL's parameters first, then the package's settings (a packaged app loads from the TV's own storage,
 * with no backend at its origin), then the page's own origin.
 */
export function readConfig(
  location: Pick<Location, 'search' | 'protocol' | 'host' | 'origin'>,
  packaged: PackagedConfig = packagedConfig(),
): AppConfig {
  const params = new URLSearchParams(location.search);
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const demoDevice = params.get('demoDevice') ?? packaged.demoDevice;
  const alertSeconds = Number(params.get('alertSeconds') ?? 15);
  const textWait = Number(params.get('textWaitMinutes') ?? 60);
  return {
    pushUrl: params.get('push') ?? packaged.push ?? `${scheme}//${location.host}/push`,
    apiUrl: params.get('api') ?? packaged.api ?? location.origin,
    alertMs: Number.isFinite(alertSeconds) && alertSeconds > 0 ? alertSeconds * 1000 : 15_000,
    textWaitMinutes: Number.isInteger(textWait) && textWait >= 1 && textWait <= 24 * 60 ? textWait : 60,
    inspect: params.has('inspect'),
    perf: params.has('perf'),
    ...(demoDevice ? { demoDevice } : {}),
  };
}

function packagedConfig(): PackagedConfig {
  const value = (globalThis as { __COUCHLINE_CONFIG__?: unknown }).__COUCHLINE_CONFIG__;
  if (!value || typeof value !== 'object') return {};
  const { api, push, demoDevice } = value as Record<string, unknown>;
  return {
    ...(typeof api === 'string' ? { api } : {}),
    ...(typeof push === 'string' ? { push } : {}),
    ...(typeof demoDevice === 'string' ? { demoDevice } : {}),
  };
}
