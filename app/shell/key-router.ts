import type { KeyPressPayload } from '../../platform-adapters/contract/index.ts';
import type Lightning from '../ui/lightning.ts';

/** What Lightning's Application does with a key, reached by name instead of by key code. */
interface FocusDispatch {
  focusTopDownEvent(events: string[], ...args: unknown[]): boolean;
  focusBottomUpEvent(events: string[], ...args: unknown[]): boolean;
  updateFocusPath(): void;
}

/**
 * Delivers a logical key to the focus chain: `_capture<Name>` top-down, then `_handle<Name>` bottom-up from the
 * focused component, as Lightning would for a key code. The app is built with `keys: null`, so Lightning never
 * reads key codes itself.
 */
export function routeKey(app: Lightning.Application, key: KeyPressPayload): boolean {
  const dispatch = app as unknown as FocusDispatch;
  const event = { key: key.name, repeat: key.repeat };
  const handled =
    dispatch.focusTopDownEvent([`_capture${key.name}`, '_captureKey'], event) ||
    dispatch.focusBottomUpEvent([`_handle${key.name}`, '_handleKey'], event);
  dispatch.updateFocusPath();
  return Boolean(handled);
}
