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
];
