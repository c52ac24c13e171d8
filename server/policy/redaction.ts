import type { EventData, PrivacyLevel } from '../../protocol/index.ts';

/** The events that say who called or wrote, and so are shaped by a display's privacy. */
export type RedactedEvent =
  'voicemail.new' | 'callerid.incoming' | 'text.incoming' | 'text.updated' | 'voicemail.updated';

interface Reveals<N extends RedactedEvent> {
  /** Fields naming the caller or sender: kept only at "name-and-number". */
  name: readonly (keyof EventData<N>)[];
  /** Fields with their number: dropped at "private". */
  number: readonly (keyof EventData<N>)[];
  /** What they said (a transcript, a text's words), with the value it is emptied to: dropped at "private". */
  words: Partial<Record<keyof EventData<N>, '' | null>>;
  /** Whether the event carries `show`, so the display can say why it shows less. */
  saysShow: boolean;
}

/**
 * What each event reveals of the person, field by field. The one place that knows it: a new event with a caller
 * or sender in it gets its line here, and the table-driven test checks every level.
 */
const REVEALS: { [N in RedactedEvent]: Reveals<N> } = {
  'voicemail.new': {
    name: ['callerName'],
    number: ['callerNumber'],
    words: { transcript: null },
    saysShow: true,
  },
  'callerid.incoming': { name: ['callerName'], number: ['callerNumber'], words: {}, saysShow: true },
  'text.incoming': { name: [], number: ['from'], words: { text: '' }, saysShow: true },
  // A copy of a text another device of the household sent: whom it went to, and its words.
  'text.updated': { name: [], number: ['recipient'], words: { payload: '' }, saysShow: false },
  // A display that was not shown who called is not told it by the result of someone's action either.
  'voicemail.updated': { name: ['callerName'], number: [], words: {}, saysShow: false },
};

/**
 * What a display with this privacy may receive of an event: nothing it may not show ever leaves the server.
 * "number-only" drops names; "private" drops names, numbers and words ("New voicemail for Mary").
 *
 * @example
 * redact('voicemail.new', 'number-only', data); // { ...data, callerName: '', show: 'number-only' }
 */
export function redact<N extends RedactedEvent>(
  event: N,
  show: PrivacyLevel,
  data: EventData<N>,
): EventData<N> {
  if (show === 'name-and-number') return data;
  const reveals = REVEALS[event] as Reveals<N>;
  const shaped: Record<string, unknown> = { ...data };
  for (const field of reveals.name) shaped[field as string] = '';
  if (show === 'private') {
    for (const field of reveals.number) shaped[field as string] = '';
    for (const [field, empty] of Object.entries(reveals.words)) shaped[field] = empty;
  }
  if (reveals.saysShow) shaped['show'] = show;
  return shaped as EventData<N>;
}
