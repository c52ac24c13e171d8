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
}

export function readConfig(location: Location): AppConfig {
  const params = new URLSearchParams(location.search);
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const alertSeconds = Number(params.get('alertSeconds') ?? 15);
  const textWait = Number(params.get('textWaitMinutes') ?? 60);
  return {
    pushUrl: params.get('push') ?? `${scheme}//${location.host}/push`,
    apiUrl: params.get('api') ?? location.origin,
    alertMs: Number.isFinite(alertSeconds) && alertSeconds > 0 ? alertSeconds * 1000 : 15_000,
    textWaitMinutes: Number.isInteger(textWait) && textWait >= 1 && textWait <= 24 * 60 ? textWait : 60,
    inspect: params.has('inspect'),
    perf: params.has('perf'),
  };
}
