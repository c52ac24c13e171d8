import { html } from 'lit';
import { formError, labelledField } from '../shared/form-fields.ts';

/** The setup page's forms, by the name their errors come back with. */
export type FormName = 'setup-login' | 'joint-login' | 'second' | 'create' | 'manage' | 'link';

/**
 * An error, and where on the page it shows: the form, and the field in it ('' for the whole form). An error about a
 * field the form does not draw shows as the whole form's; one about the rules (`config.…`) is the rules editor's.
 */
export interface FormError {
  form: FormName;
  field: string;
  message: string;
}

/** Whether the error is about the rules: the rules editor shows and focuses it. */
export function isRulesError(error: FormError): boolean {
  return error.field.startsWith('config');
}

/**
 * One form's fields and its own error, for one render: `text()` draws a labelled input (marked with `data-form` and
 * `data-field`, the names errors come back with) and its error under it; `error()`, placed after the fields, the
 * error about the whole form — or about a field it did not draw.
 */
export class FormFields {
  private readonly errorHere: FormError | null;
  private readonly form: FormName;
  private readonly drawn = new Set<string>();

  constructor(error: FormError | null, form: FormName) {
    this.errorHere = error?.form === form ? error : null;
    this.form = form;
  }

  text(field: string, label: string, type: string, autocomplete: string, id = `${this.form}-${field}`) {
    this.drawn.add(field);
    const error = this.errorHere?.field === field ? this.errorHere.message : null;
    return labelledField(
      { id, label, error, errorClass: 'field-error' },
      (aria) =>
        html`<input
          id=${id}
          name=${field}
          type=${type}
          autocomplete=${autocomplete}
          data-form=${this.form}
          data-field=${field}
          aria-invalid=${aria.invalid}
          aria-describedby=${aria.describedBy}
        />`,
    );
  }

  error() {
    const error = this.errorHere;
    const ofTheForm = error && !isRulesError(error) && !this.drawn.has(error.field) ? error.message : null;
    return formError(ofTheForm, 'field-error');
  }
}
