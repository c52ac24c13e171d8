import type Lightning from '../../app/ui/lightning.ts';
import { COLOR, STAGE } from '../../app/ui/theme.ts';
import { waitFor } from './wait.ts';

/**
 * A layout check for the TV's browser tests: it reads the drawn scene (Lightning's elements, where each is on the
 * stage and what each text texture laid out) and says what a viewer would see as broken:
 * - two texts drawn over each other, or the wrapped lines of one closer than a line apart;
 * - a text running out of the box it is drawn in (its panel, button or row);
 * - a text or a focus highlight drawn beneath a later panel that does not hide it whole — half a name sticking out
 *   beside a dialog, or a screen readable through one.
 * Boxes are the ink of each line (from the baseline, about 0.8 of the font size up and 0.25 down), not the whole
 * texture, whose padding below the last line would make neighbours that do not touch look as if they did.
 */
export async function layoutProblems(app: { root: Lightning.Application }): Promise<string[]> {
  await settled(app.root);
  const scene = readScene(app.root);
  const problems: string[] = [];
  const shown = scene.items.filter((item) => !hiddenByLaterCover(item, scene));
  // What a later opaque panel hides whole is not seen at all; anything else beneath a panel is seen in part.
  for (const item of shown) {
    for (const cover of scene.covers) {
      if (cover.order <= item.order || cover.ancestorOf(item)) continue;
      if (!intersects(item.box, cover.box)) continue;
      if (cover.opaque && contains(cover.box, item.box)) continue;
      problems.push(
        `${item.what} is drawn beneath ${cover.what}, which ${cover.opaque ? 'cuts it' : 'shows it'}`,
      );
    }
  }
  const texts = shown.filter((item) => item.kind === 'text');
  texts.forEach((a, i) => {
    for (const b of texts.slice(i + 1)) {
      if (intersects(a.box, b.box)) problems.push(`${a.what} and ${b.what} are drawn over each other`);
    }
    if (a.frame && !contains(a.frame.box, a.box)) problems.push(`${a.what} runs out of ${a.frame.what}`);
    if (a.cramped) problems.push(`the lines of ${a.what} are drawn over each other`);
  });
  return problems;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Item {
  kind: 'text' | 'highlight';
  what: string;
  order: number;
  box: Box;
  element: Lightning.Element;
  /** The box the text is drawn in: its nearest ancestor that is drawn as a rectangle, or that has a panel. */
  frame: { what: string; box: Box } | null;
  /** Wrapped lines nearer each other than the ink of a line is tall: one line's descenders in the next's capitals. */
  cramped?: boolean;
}

interface Cover {
  what: string;
  order: number;
  box: Box;
  opaque: boolean;
  ancestorOf(item: Item): boolean;
}

/** Lightning's run-time fields this check reads; its declared types leave them out. */
interface TextLayout {
  _source?: {
    renderInfo?: {
      precision: number;
      fontSize: number;
      lineHeight: number;
      lines: { x: number; y: number; w: number }[];
    } | null;
  } | null;
}

function readScene(app: Lightning.Application) {
  const root = app.stage.root;
  const rootCorners = root.getCornerPoints();
  // World coordinates are in the canvas's pixels: one stage pixel is `scale` of them.
  const scale = (rootCorners[2] - rootCorners[0]) / STAGE.w;
  const boxOf = (element: Lightning.Element): Box => {
    const c = element.getCornerPoints();
    return { x0: c[0] / scale, y0: c[1] / scale, x1: c[4] / scale, y1: c[5] / scale };
  };
  const items: Item[] = [];
  const covers: Cover[] = [];
  let order = 0;
  const walk = (element: Lightning.Element, path: Lightning.Element[]) => {
    if (!element.visible) return;
    const at = order++;
    const text = element.text;
    if (text?.text.trim()) {
      const box = inkBox(element, boxOf(element));
      if (box) {
        items.push({
          kind: 'text',
          what: `"${text.text}"`,
          order: at,
          box,
          element,
          frame: frameOf(path, boxOf),
          cramped: crampedLines(element),
        });
      }
    } else if (element.rect) {
      const box = boxOf(element);
      const alpha = (element.color >>> 24) / 255;
      const label = textsIn(element);
      if (element.color === COLOR.buttonFocused) {
        items.push({
          kind: 'highlight',
          what: `the highlight of "${label}"`,
          order: at,
          box,
          element,
          frame: null,
        });
      }
      // Thin bars and near-invisible warm-up rectangles hide nothing.
      if (alpha > 0.1 && box.x1 - box.x0 > 16 && box.y1 - box.y0 > 16) {
        covers.push({
          what: label ? `the box of "${label}"` : `a panel at ${Math.round(box.x0)},${Math.round(box.y0)}`,
          order: at,
          box,
          opaque: alpha === 1,
          ancestorOf: (item) => isWithin(item.element, element),
        });
      }
    }
    for (const child of element.childList.get()) walk(child, [...path, element]);
  };
  walk(root, []);
  return { items, covers };
}

/** The ink of each laid-out line, in stage pixels; null before the texture is laid out. */
function inkBox(element: Lightning.Element, at: Box): Box | null {
  const info = (element.text as unknown as TextLayout)._source?.renderInfo;
  if (!info || info.lines.length === 0) return null;
  const px = (n: number) => n / info.precision;
  const boxes = info.lines.map((line) => ({
    x0: at.x0 + px(line.x),
    x1: at.x0 + px(line.x + line.w),
    y0: at.y0 + px(line.y - 0.8 * info.fontSize),
    y1: at.y0 + px(line.y + 0.25 * info.fontSize),
  }));
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

function crampedLines(element: Lightning.Element): boolean {
  const info = (element.text as unknown as TextLayout)._source?.renderInfo;
  return Boolean(info && info.lines.length > 1 && info.lineHeight < 1.2 * info.fontSize);
}

function frameOf(path: Lightning.Element[], boxOf: (e: Lightning.Element) => Box) {
  for (const ancestor of [...path].reverse()) {
    if (ancestor.rect && ancestor.color >>> 24 > 0) {
      return { what: `its box ("${textsIn(ancestor)}")`, box: boxOf(ancestor) };
    }
    const panel = ancestor.childList.get().find((child) => child.ref === 'Panel' && child.rect);
    if (panel) return { what: `its panel (${ancestor.ref ?? ancestor.constructor.name})`, box: boxOf(panel) };
  }
  return null;
}

function textsIn(element: Lightning.Element): string {
  const out: string[] = [];
  const walk = (e: Lightning.Element) => {
    if (!e.visible) return;
    if (e.text?.text.trim()) out.push(e.text.text);
    for (const child of e.childList.get()) walk(child);
  };
  walk(element);
  return out.join(' ');
}

function isWithin(element: Lightning.Element, ancestor: Lightning.Element): boolean {
  for (let e: Lightning.Element | null = element; e; e = e.parent) if (e === ancestor) return true;
  return false;
}

function hiddenByLaterCover(item: Item, scene: { covers: Cover[] }): boolean {
  return scene.covers.some(
    (cover) =>
      cover.order > item.order && cover.opaque && !cover.ancestorOf(item) && contains(cover.box, item.box),
  );
}

/** Overlap by more than a pixel each way (anti-aliased edges may touch). */
const intersects = (a: Box, b: Box) =>
  Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 1 && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 1;

const contains = (outer: Box, inner: Box) =>
  inner.x0 >= outer.x0 - 1 &&
  inner.y0 >= outer.y0 - 1 &&
  inner.x1 <= outer.x1 + 1 &&
  inner.y1 <= outer.y1 + 1;

/** Waits until every shown text is laid out and two more frames have been drawn (positions follow the frame). */
async function settled(app: Lightning.Application): Promise<void> {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  await waitFor(() => {
    let ready = true;
    const walk = (e: Lightning.Element) => {
      if (!e.visible) return;
      if (e.text?.text.trim() && !(e.text as unknown as TextLayout)._source?.renderInfo) ready = false;
      for (const child of e.childList.get()) walk(child);
    };
    walk(app.stage.root);
    return ready;
  }, 'every shown text laid out');
  await frame();
  await frame();
}
