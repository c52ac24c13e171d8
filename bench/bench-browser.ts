// The benchmarks' browsers behind one small interface: Debian's Chromium through puppeteer (with CPU throttling),
// and WPE WebKit — the engine RDK boxes ship — through WPEWebDriver and the W3C WebDriver protocol (no throttling
// there: WPE has no such control). Only what the benchmarks need: load a page, run a function in it, press a key.
import puppeteer from 'puppeteer-core';
import { startWpeDriver } from '../scripts/wpe-driver.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium.ts';

export type Engine = 'chromium' | 'wpe';

export interface BenchPage {
  readonly engine: Engine;
  /** Whether {@link throttle} does anything here. */
  readonly canThrottle: boolean;
  /** Loads `url` and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Runs `fn` in the page with `args` (JSON values), awaiting a returned promise; resolves to its result. */
  run<T>(fn: (...args: never[]) => T | Promise<T>, ...args: unknown[]): Promise<T>;
  /** Presses and releases an arrow key. */
  press(key: 'ArrowRight' | 'ArrowLeft'): Promise<void>;
  /** Slows the page's CPU by `rate` (1 = full speed). */
  throttle(rate: number): Promise<void>;
  close(): Promise<void>;
}

export async function openBenchPage(engine: Engine): Promise<BenchPage> {
  return engine === 'chromium' ? openChromium() : openWpe();
}

async function openChromium(): Promise<BenchPage> {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  await page.setViewport({ width: 960, height: 540 });
  const cdp = await page.createCDPSession();
  return {
    engine: 'chromium',
    canThrottle: true,
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    run: (fn, ...args) => page.evaluate(fn as (...a: unknown[]) => unknown, ...args) as never,
    press: (key) => page.keyboard.press(key),
    throttle: async (rate) => void (await cdp.send('Emulation.setCPUThrottlingRate', { rate })),
    close: () => browser.close(),
  };
}

/** WebDriver's key codes for the keys the benchmarks press. */
const WEBDRIVER_KEYS = { ArrowLeft: '\uE012', ArrowRight: '\uE014' } as const;

async function openWpe(): Promise<BenchPage> {
  const driver = await startWpeDriver();
  const base = driver.url;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as { value: unknown };
    if (!response.ok) {
      const error = json.value as { error?: string; message?: string };
      throw new Error(
        `WebDriver ${method} ${path}: ${error.error ?? response.status} ${error.message ?? ''}`,
      );
    }
    return json.value;
  };
  try {
    const session = (await call('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'cog',
          // --automation is mandatory (without it the session hangs); the headless view is 800×600.
          'wpe:browserOptions': { binary: '/usr/bin/cog', args: ['--automation', '--platform=headless'] },
        },
      },
    })) as { sessionId: string };
    const at = `/session/${session.sessionId}`;
    return {
      engine: 'wpe',
      canThrottle: false,
      goto: async (url) => void (await call('POST', `${at}/url`, { url })),
      async run(fn, ...args) {
        // The function's source runs in the page; its promise (if any) settles before WebDriver answers.
        const script = `const done = arguments[arguments.length - 1];
          Promise.resolve((${fn.toString()}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
            .then((value) => done({ value }), (error) => done({ error: String(error && error.stack || error) }));`;
        const result = (await call('POST', `${at}/execute/async`, { script, args })) as {
          value?: unknown;
          error?: string;
        };
        if (result.error) throw new Error(`in WPE: ${result.error}`);
        return result.value as never;
      },
      async press(key) {
        const value = WEBDRIVER_KEYS[key];
        await call('POST', `${at}/actions`, {
          actions: [
            {
              type: 'key',
              id: 'keyboard',
              actions: [
                { type: 'keyDown', value },
                { type: 'keyUp', value },
              ],
            },
          ],
        });
      },
      throttle: () => Promise.resolve(),
      async close() {
        await call('DELETE', at).catch(() => undefined);
        driver.stop();
      },
    };
  } catch (error) {
    driver.stop();
    throw error;
  }
}
