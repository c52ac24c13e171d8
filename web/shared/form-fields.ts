import { html, nothing, type TemplateResult } from 'lit';

/** What a field's input says of its error: whether it is to blame, and the id of the error that describes it. */
export interface FieldAria {
  invalid: 'true' | 'false';
  describedBy: string | typeof nothing;
}

export interface LabelledFieldOptions {
  /** The input's id; its error's is `${id}-error`. */
  id: string;
  label: string;
  /** The message when this field is to blame, else null. */
  error: string | null;
  /** The error paragraph's class (the setup page's own forms say `field-error`). */
  errorClass?: string;
}

/**
 * A form's labelled field (`.field`): the label, the input `input` renders with the given aria attributes, and,
 * when the field is to blame, its error under it, announced (role=alert) and named by the input.
 */
export function labelledField(
  { id, label, error, errorClass = 'error' }: LabelledFieldOptions,
  input: (aria: FieldAria) => TemplateResult,
) {
  const invalid = error !== null;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${input({ invalid: invalid ? 'true' : 'false', describedBy: invalid ? `${id}-error` : nothing })}
    ${invalid ? html`<p class=${errorClass} id="${id}-error" role="alert">${error}</p>` : nothing}
  </div>`;
}

/** The error of a whole form (no one field is to blame), announced; nothing when there is none. */
export function formError(message: string | null, errorClass = 'error') {
  return message === null ? nothing : html`<p class=${errorClass} role="alert">${message}</p>`;
}

/**
 * Focuses the field an error is about (marked `data-field`, and `data-form` on a page of several forms), so
 * keyboard and screen-reader users land on what to fix.
 */
export function focusInvalidField(root: ParentNode, field: string, form?: string): void {
  const selector =
    form === undefined ? `[data-field="${field}"]` : `[data-form="${form}"][data-field="${field}"]`;
  root.querySelector<HTMLElement>(selector)?.focus();
}

/** What a submitted form holds; the page sends it itself, so the browser's own submission is stopped. */
export function submittedData(e: SubmitEvent): FormData {
  e.preventDefault();
  return new FormData(e.target as HTMLFormElement);
}

/** A form field's text as typed, spaces and all (a password): '' when absent. */
export function formValue(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/** A form field's text, trimmed ('' when absent). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
