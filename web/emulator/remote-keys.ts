/**
 * The on-screen remote's buttons. Each sends the W3C `KeyboardEvent.key` value a real remote's key maps to, so
 * the TV app's browser adapter sees exactly what a keyboard or a TV remote would send.
 */
export interface RemoteButton {
  key: string;
  label: string;
  /** What a screen reader says. */
  title: string;
  tone?: 'red' | 'green' | 'yellow' | 'blue';
}

export const DIGITS: RemoteButton[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((d) => ({
  key: d,
  label: d,
  title: `Digit ${d}`,
}));

export const MEDIA: RemoteButton[] = [
  { key: 'MediaRewind', label: '◀◀', title: 'Rewind' },
  { key: 'MediaPlay', label: '▶', title: 'Play' },
  { key: 'MediaPause', label: '▮▮', title: 'Pause' },
  { key: 'MediaStop', label: '■', title: 'Stop' },
  { key: 'MediaFastForward', label: '▶▶', title: 'Fast-forward' },
];

export const COLOURS: RemoteButton[] = [
  { key: 'ColorF0Red', label: '', title: 'Red', tone: 'red' },
  { key: 'ColorF1Green', label: '', title: 'Green', tone: 'green' },
  { key: 'ColorF2Yellow', label: '', title: 'Yellow', tone: 'yellow' },
  { key: 'ColorF3Blue', label: '', title: 'Blue', tone: 'blue' },
];

/** Keys of the emulator page itself that are forwarded to the TV when the TV frame does not have focus. */
export const FORWARDED_KEYS = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Enter',
  'Escape',
  'Backspace',
  ' ',
  'F1',
  'F2',
  'F3',
  'F4',
  'PageUp',
  'PageDown',
  'i',
  ...DIGITS.map((d) => d.key),
]);
