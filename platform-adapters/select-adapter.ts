import type { PlatformAdapter } from './contract/index.ts';
import { BrowserAdapter } from './browser/browser-adapter.ts';

/** An adapter class the factory can try: `detect` answers from the environment alone. */
interface AdapterEntry {
  detect(win: Window): boolean;
  create(win: Window): PlatformAdapter;
}

/**
 * Platform adapters in the order they are tried; the browser adapter matches everything and comes last.
 * The set-top-box platforms (RDK, Tizen, webOS) register here as their adapters land.
 */
const ADAPTERS: readonly AdapterEntry[] = [
  { detect: () => BrowserAdapter.detect(), create: (win) => new BrowserAdapter(win) },
];

/** Detects the platform and builds its adapter (like Shaka's DeviceFactory). Only `app/main.ts` calls this. */
export function selectAdapter(win: Window = window): PlatformAdapter {
  const entry = ADAPTERS.find((candidate) => candidate.detect(win)) ?? ADAPTERS[ADAPTERS.length - 1]!;
  return entry.create(win);
}
