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
  // A TV app between instances (it enrolled, or was signed out) has no scene for a moment.
  const root = app.stage?.root as SceneElement | undefined;
  if (root) walk(root);
  return out;
}
