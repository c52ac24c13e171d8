import type Lightning from '../ui/lightning.ts';

/** At most this many drawn texts make a label: a button's is one, a list row's a few; more is a whole screen. */
const MAX_PARTS = 4;

/**
 * What voice guidance says for a focused component: its own `announce` text where it has one (as Lightning's
 * Announcer reads it), otherwise the texts it draws, in order, of what is visible (a button's label, a keypad
 * key's digit, a row's caller and time). Empty when it draws none.
 */
export function focusLabel(component: Lightning.Element): string {
  const own = (component as { announce?: unknown }).announce;
  if (typeof own === 'string') return own.trim();
  const parts: string[] = [];
  collectTexts(component, parts);
  return parts.slice(0, MAX_PARTS).join(', ');
}

function collectTexts(element: Lightning.Element, parts: string[]): void {
  if (!element.visible || element.alpha === 0 || parts.length >= MAX_PARTS) return;
  const text: unknown = element.text?.text;
  if (typeof text === 'string' && text.trim()) parts.push(text.trim());
  for (const child of element.children) collectTexts(child, parts);
}
