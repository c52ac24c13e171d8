/** The platforms the TV app has adapters for. */
export type PlatformName = 'rdk' | 'tizen' | 'webos' | 'browser';

/**
 * Which platform this page runs on, from what the platform puts in the page: Firebolt's transport (RDK), Samsung's
 * `tizen` object or user agent, LG's `PalmSystem` or user agent (PLATFORMS.md §2–4). `?platform=` overrides it for
 * an operator's launch URL or a developer. Anything else is a browser.
 */
export function detectPlatform(win: Window): PlatformName {
  const forced = new URLSearchParams(win.location.search).get('platform');
  if (forced === 'rdk' || forced === 'tizen' || forced === 'webos' || forced === 'browser') return forced;
  const g = win as unknown as {
    __firebolt?: { endpoint?: string };
    ServiceManager?: { version?: unknown };
    tizen?: { tvinputdevice?: unknown };
    PalmSystem?: unknown;
  };
  const ua = win.navigator.userAgent;
  // A desktop WPE browser is not an RDK box: only Firebolt's transport says the platform is there.
  if (g.__firebolt?.endpoint || g.ServiceManager?.version) return 'rdk';
  if (g.tizen?.tvinputdevice !== undefined || /\bTizen\b/.test(ua)) return 'tizen';
  if (g.PalmSystem !== undefined || /\bWeb0S\b|\bwebOS\b/.test(ua)) return 'webos';
  return 'browser';
}
