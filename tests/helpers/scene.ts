import type Lightning from '../../app/ui/lightning.ts';

interface SceneElement {
  visible: boolean;
  text?: { text: string } | null;
  childList?: { get(): SceneElement[] };
}

/**
 * The texts of every element that is shown (itself and all its ancestors `visible`), in tree order. Alpha is left
 * out on purpose: fades are cosmetic and must never decide what the app considers on screen.
 */
export function visibleTexts(app: Lightning.Application): string[] {
  const out: string[] = [];
  const walk = (element: SceneElement) => {
    if (!element.visible) return;
    if (element.text?.text) out.push(element.text.text);
    for (const child of element.childList?.get() ?? []) walk(child);
  };
  walk(app.stage.root);
  return out;
}

/** Polls until `check` returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A database name no other test uses. */
export const freshDbName = () => `couchline-test-${Math.random().toString(36).slice(2)}`;
