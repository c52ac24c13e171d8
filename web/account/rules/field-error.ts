import { html, nothing } from 'lit';

/** An error the rules editor shows: next to the part of the form `field` names (`config.relationships.0.windows`). */
export interface FieldError {
  field: string;
  message: string;
}

/** The error's message under the part of the form it is about, announced; nothing for any other part. */
export function errorAt(error: FieldError | null, field: string) {
  return error?.field === field ? html`<p class="field-error" role="alert">${error.message}</p>` : nothing;
}

/** `aria-invalid` of the part of the form `field` names. */
export function invalidAt(error: FieldError | null, field: string): 'true' | 'false' {
  return error?.field === field ? 'true' : 'false';
}
