import Lightning from '../ui/lightning.ts';
import type { Signals } from './signals.ts';

/** A class of Lightning elements (a component or `Lightning.Element`), to check a lookup against. */
type ElementClass<T extends Lightning.Element> = abstract new (...args: never[]) => T;

/**
 * The child element at `ref` (a tag path such as `'Buttons'` or `'Cells.C0_1'`), checked to be a `type`: Lightning's
 * `tag()` returns whatever element sits there, so the type is checked at run time instead of asserted. Throws when
 * there is none or it is of another class — a template and its code disagreeing is a bug to see at once.
 */
export function tagOf<T extends Lightning.Element>(
  parent: Lightning.Element,
  ref: string,
  type: ElementClass<T>,
): T {
  const element: unknown = parent.tag(ref as never);
  if (element instanceof type) return element;
  const found = element === undefined ? 'nothing' : (element as object).constructor.name;
  throw new TypeError(`${ref}: expected a ${type.name}, found ${found}`);
}

/** Like {@link tagOf}, or undefined when nothing is at `ref` (children laid out later, or not at all). */
export function findTag<T extends Lightning.Element>(
  parent: Lightning.Element,
  ref: string,
  type: ElementClass<T>,
): T | undefined {
  const element: unknown = parent.tag(ref as never);
  return element === undefined ? undefined : tagOf(parent, ref, type);
}

/** Lightning's untyped run-time signature; its declared one only knows the state machine's `$enter`/`$exit`. */
interface AncestorDispatch {
  fireAncestors(name: string, ...args: unknown[]): unknown;
}

/**
 * Fires a {@link Signals} signal on the nearest ancestor of `from` that has a method of its name (Lightning's
 * `fireAncestors`), with the arguments the map gives it.
 */
export function fireUp<K extends keyof Signals>(
  from: Lightning.Component,
  name: K,
  ...args: Parameters<Signals[K]>
): void {
  (from as Lightning.Component & AncestorDispatch).fireAncestors(name, ...args);
}

/**
 * A component of the TV app: Lightning's, with a typed child lookup and typed signals. Not named `fire`: Lightning
 * components already have one (the state machine's dispatch), and an own method of that name would replace it.
 */
export class TvComponent extends Lightning.Component {
  /** The child at `ref`, checked to be a `type` (see {@link tagOf}). */
  protected tagOf<T extends Lightning.Element>(ref: string, type: ElementClass<T>): T {
    return tagOf(this, ref, type);
  }

  /** Fires `name` on the nearest ancestor that handles it (see {@link fireUp}). */
  protected fireUp<K extends keyof Signals>(name: K, ...args: Parameters<Signals[K]>): void {
    fireUp(this, name, ...args);
  }
}
