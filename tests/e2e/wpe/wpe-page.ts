// The end-to-end stories in WPE WebKit, the engine RDK boxes ship: a small page driver over WebDriver (Debian's
// WPEWebDriver driving cog, as the browser tests do in web-test-runner.config.mjs) with the few operations the
// Chromium stories take from puppeteer in ../support.ts — open the emulator, read the texts the TV draws, press the
// on-screen remote and keys, run script in the page.
import type { Client } from 'webdriver';
import { startWpeDriver, type WpeDriver } from '../../../scripts/wpe-driver.ts';
import { waitUntil, type RunningProduct } from '../support.ts';

/** How WebDriver names an element it hands back (the W3C's web element identifier). */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** Puppeteer's key names the stories use, as WebDriver's key codes (the rest, digits and letters, are themselves). */
const KEYS: Record<string, string> = {
  Enter: '\uE007',
  Escape: '\uE00C',
  Backspace: '\uE003',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  F1: '\uE031',
  F2: '\uE032',
  F3: '\uE033',
  F4: '\uE034',
};

/** What a script run in the page may be given (WebDriver sends it as JSON; an element reference is an object). */
type ScriptArg = string | number | boolean | object | null | undefined;

/** What the TV frame's `<audio>` elements report (the player's element lives in the TV app's document). */
export interface AudioElementState {
  currentTime: number;
  paused: boolean;
  readyState: number;
  error: number | null;
}

export class WpePage {
  private readonly driver: WpeDriver;
  private readonly client: Client;

  private constructor(driver: WpeDriver, client: Client) {
    this.driver = driver;
    this.client = client;
  }

  /**
   * Starts WPEWebDriver and a session in cog, headless (its view is 800×600), with the capabilities
   * web-test-runner.config.mjs gives WPE.
   */
  static async open(): Promise<WpePage> {
    // WebdriverIO's modules log at "info" unless told otherwise before they load (a line per session otherwise).
    process.env.WDIO_LOG_LEVEL ??= 'warn';
    const { default: WebDriver } = await import('webdriver');
    const driver = await startWpeDriver();
    try {
      const client = await WebDriver.newSession({
        hostname: '127.0.0.1',
        port: driver.port,
        path: '/',
        logLevel: 'warn',
        connectionRetryCount: 0,
        capabilities: {
          browserName: 'cog',
          'wdio:enforceWebDriverClassic': true,
          // --automation is mandatory (without it the session hangs).
          'wpe:browserOptions': { binary: '/usr/bin/cog', args: ['--automation', '--platform=headless'] },
        } as WebdriverIO.Capabilities,
      });
      return new WpePage(driver, client);
    } catch (error) {
      driver.stop();
      throw error;
    }
  }

  goto(url: string): Promise<void> {
    return this.client.navigateTo(url).then(() => undefined);
  }

  /** Runs `fn(...args)` in the top page (the emulator) and resolves to what it returns (JSON-able, or an element). */
  evaluate<T, A extends ScriptArg[]>(fn: (...args: A) => T, ...args: A): Promise<Awaited<T>> {
    return this.client.executeScript(`return (${fn.toString()}).apply(null, arguments);`, args) as Promise<
      Awaited<T>
    >;
  }

  /**
   * Runs `fn(tvWindow, ...args)` in the TV app's frame of the emulator (same origin, so reached from the page
   * rather than by switching WebDriver's frame). Throws when the TV is off or still pairing.
   */
  tvEvaluate<T, A extends ScriptArg[]>(fn: (tv: Window, ...args: A) => T, ...args: A): Promise<Awaited<T>> {
    return this.client.executeScript(
      `const tv = document.querySelector('tv-emulator')?.shadowRoot?.querySelector('iframe')?.contentWindow;
       if (!tv || !tv.document.body) throw new Error('no TV frame');
       return (${fn.toString()}).apply(null, [tv, ...arguments]);`,
      args,
    ) as Promise<Awaited<T>>;
  }

  /**
   * The texts the TV draws now (with `?inspect`, Lightning mirrors each text into a `texture-text` attribute, and
   * hides what it does not draw with `display: none`). WPE 2.38 has no `checkVisibility`: a hidden element, or one
   * in a hidden subtree, has no boxes.
   */
  drawnTexts(): Promise<string[]> {
    return this.tvEvaluate((tv) =>
      [...tv.document.querySelectorAll('[texture-text]')]
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => el.getAttribute('texture-text') ?? ''),
    );
  }

  /**
   * Waits until the TV draws a text: `match` as the whole text, or a test on each text. Resolves to the text; on
   * time-out, the error lists what the TV does show.
   */
  async tvShows(
    match: string | ((text: string) => boolean),
    what = typeof match === 'string' ? `"${match}"` : 'the text',
    timeoutMs = 15_000,
  ): Promise<string> {
    const test = typeof match === 'string' ? (t: string) => t === match : match;
    try {
      return await waitUntil(async () => (await this.drawnTexts()).find(test), what, timeoutMs);
    } catch (error) {
      const shown = await this.drawnTexts().catch((e: Error) => [`(unreadable: ${e.message})`]);
      throw new Error(`${(error as Error).message} on the TV in WPE, which shows: ${shown.join(' | ')}`, {
        cause: error,
      });
    }
  }

  /** Clicks a button of the emulator's on-screen remote by its label ("OK", "Back", "Stop"), as WebDriver clicks. */
  async pressRemote(label: string): Promise<void> {
    const button = await this.evaluate(
      (name) =>
        document
          .querySelector('tv-emulator')
          ?.shadowRoot?.querySelector('tv-remote')
          ?.shadowRoot?.querySelector(`button[aria-label="${name}"]`) ?? null,
      label,
    );
    if (!button) throw new Error(`no "${label}" button on the emulator's remote`);
    await this.client.elementClick((button as unknown as Record<string, string>)[ELEMENT_KEY]!);
  }

  /** Presses and releases a key on the page (puppeteer's names: "Enter", "ArrowDown", "7", "i"). */
  async press(key: string): Promise<void> {
    const value = KEYS[key] ?? key;
    await this.client.performActions([
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value },
          { type: 'keyUp', value },
        ],
      },
    ]);
    await this.client.releaseActions();
  }

  /** The `<audio>` elements of the TV app's document, as they are now. */
  audioElements(): Promise<AudioElementState[]> {
    return this.tvEvaluate((tv) =>
      [...tv.document.querySelectorAll('audio')].map((audio) => ({
        currentTime: audio.currentTime,
        paused: audio.paused,
        readyState: audio.readyState,
        error: audio.error?.code ?? null,
      })),
    );
  }

  /** Ends the session (cog with it) and stops WPEWebDriver, which allows a single session and is ours to stop. */
  async close(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.client.deleteSession().catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, 5000))),
    ]);
    clearTimeout(timer);
    this.driver.stop();
  }
}

/** How many devices the backend has on its push channel. */
export async function connections(product: RunningProduct): Promise<number> {
  const health = (await (await fetch(`${product.url}/api/health`)).json()) as { connections: number };
  return health.connections;
}

/**
 * Opens the TV emulator in WPE (alerts stay up for 10 minutes; `?inspect` so the TV's texts can be read) and waits
 * until `devices` devices are on the push channel.
 */
export async function openEmulatorInWpe(product: RunningProduct, devices = 1): Promise<WpePage> {
  const page = await WpePage.open();
  try {
    await page.goto(`${product.url}/?inspect&alertSeconds=600`);
    await waitUntil(async () => (await connections(product)) >= devices, 'the TV in WPE to connect', 30_000);
    return page;
  } catch (error) {
    await page.close();
    throw error;
  }
}
