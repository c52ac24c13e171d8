import type Lightning from '../../app/ui/lightning.ts';
import { COLOR } from '../../app/ui/theme.ts';

interface SceneElement {
  visible: boolean;
  rect?: boolean;
  color?: number;
  text?: { text: string } | null;
  childList?: { get(): SceneElement[] };
}

/**
 * The texts of every element that is shown (itself and all its ancestors `visible`), in tree order. Alpha is left
 * out on purpose: fades are cosmetic and must never decide what the app considers on screen.
 */
export function visibleTexts(app: Lightning.Application): string[] {
  // A TV app between instances (it enrolled, or was signed out) has no scene for a moment.
  const root = app.stage?.root as SceneElement | undefined;
  return root ? textsOf(root) : [];
}

/**
 * What the screen draws as focused: the texts inside each shown element filled with the focus colour (a button, a
 * key of a pad, a row), one entry each. Read from the scene, not from Lightning's focus path, so a test can hold
 * the two against each other: what is drawn focused must be what OK presses.
 */
export function drawnFocus(app: Lightning.Application): string[] {
  const out: string[] = [];
  const walk = (element: SceneElement) => {
    if (!element.visible) return;
    if (element.rect && element.color === COLOR.buttonFocused) {
      out.push(textsOf(element).join(' '));
      return;
    }
    for (const child of element.childList?.get() ?? []) walk(child);
  };
  const root = app.stage?.root as SceneElement | undefined;
  if (root) walk(root);
  return out;
}

function textsOf(element: SceneElement): string[] {
  if (!element.visible) return [];
  const own = element.text?.text ? [element.text.text] : [];
  return [...own, ...(element.childList?.get() ?? []).flatMap(textsOf)];
}

/** The first shown element drawing exactly `text`, from the drawn scene. */
export function drawnElement(app: Lightning.Application, text: string): Lightning.Element | undefined {
  const find = (element: Lightning.Element): Lightning.Element | undefined => {
    if (!element.visible) return undefined;
    if (element.text?.text === text) return element;
    for (const child of element.childList.get()) {
      const found = find(child);
      if (found) return found;
    }
    return undefined;
  };
  return app.stage?.root ? find(app.stage.root) : undefined;
}

/**
 * Where the element drawing `text` sits, as the box of the component holding it (its parent), in stage pixels
 * (1920×1080): to compare where two screens are drawn. Undefined when no shown element draws that text.
 */
export function boxAround(
  app: Lightning.Application,
  text: string,
): { x: number; y: number; w: number; h: number } | undefined {
  const root = app.stage?.root;
  if (!root) return undefined;
  const corners = root.getCornerPoints();
  const scale = (corners[2] - corners[0]) / 1920;
  const parent = drawnElement(app, text)?.parent;
  if (!parent) return undefined;
  const c = parent.getCornerPoints();
  return {
    x: Math.round(c[0] / scale),
    y: Math.round(c[1] / scale),
    w: Math.round((c[2] - c[0]) / scale),
    h: Math.round((c[5] - c[1]) / scale),
  };
}
