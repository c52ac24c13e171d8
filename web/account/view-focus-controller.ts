import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { focusInvalidField } from '../shared/form-fields.ts';
import { isRulesError, type FormError } from './form-errors.ts';

/** What the controller needs of a view: where it draws, and the error it shows (if it shows errors). */
interface ViewHost extends ReactiveControllerHost {
  readonly renderRoot: ParentNode;
  readonly error?: FormError | null;
}

/**
 * Where the keyboard goes in a view of the setup page: its heading (`h2[tabindex]`) takes the focus when the view is
 * first drawn, so keyboard and screen-reader users start at its top; the field an error is about takes it when the
 * error comes (errors about the rules are the rules editor's to focus).
 */
export class ViewFocusController implements ReactiveController {
  private readonly host: ViewHost;
  private headingFocused = false;
  private error: FormError | null = null;

  constructor(host: ViewHost) {
    this.host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    const root = this.host.renderRoot;
    if (!this.headingFocused) {
      this.headingFocused = true;
      root.querySelector<HTMLElement>('h2[tabindex]')?.focus();
    }
    const error = this.host.error ?? null;
    if (error === this.error) return;
    this.error = error;
    if (error && !isRulesError(error)) focusInvalidField(root, error.field, error.form);
  }
}
