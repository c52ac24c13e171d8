/**
 * Debian's Chromium, headless, as every browser-driven check here starts it (DESIGN.md §8). The background
 * networking flags matter: without them Chromium keeps calling hosts this machine cannot reach.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
  // Test pages run two at a time; the one in a background tab must not have its timers, animation frames and
  // media throttled, or animations stall and tests time out depending on which file runs beside which.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];
