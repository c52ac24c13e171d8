import { html } from 'lit';
import type { DirectoryKind, SecondAccount } from '../../protocol/index.ts';
import { formValue } from '../shared/form-fields.ts';
import type { FormFields } from './form-errors.ts';
import { CARRIERS } from './wording.ts';

/**
 * What to link, as the setup's step 3 and a joint account's "Link another account" ask it: another account the
 * person holds (which carrier, its user name and password), or another person's line (they approve on their phone).
 */
export function linkAccountFields(
  via: SecondAccount['via'],
  choose: (via: SecondAccount['via']) => void,
  fields: FormFields,
) {
  return html`<fieldset>
      <legend>What to link</legend>
      <label class="choice"
        ><input
          type="radio"
          name="via"
          value="credentials"
          .checked=${via === 'credentials'}
          @change=${() => choose('credentials')}
        />Another account I hold (its user name and password)</label
      >
      <label class="choice"
        ><input
          type="radio"
          name="via"
          value="consent"
          .checked=${via === 'consent'}
          @change=${() => choose('consent')}
        />Another person’s phone line (they approve on their phone)</label
      >
    </fieldset>
    ${
      via === 'credentials'
        ? html`<div class="field">
              <label for="directory2">Account</label>
              <select id="directory2" name="directory" data-field="directory">
                <option value="cable">${CARRIERS.cable} (cable TV)</option>
                <option value="wireless">${CARRIERS.wireless} (phone)</option>
              </select>
            </div>
            ${fields.text('username', 'User name', 'text', 'off')}
            ${fields.text('password', 'Password', 'password', 'off')}`
        : fields.text('phoneNumber', 'Their phone number', 'tel', 'tel')
    }`;
}

/** The account or line the form asks to link. */
export function linkRequest(via: SecondAccount['via'], data: FormData): SecondAccount {
  return via === 'credentials'
    ? {
        via: 'credentials',
        directory: formValue(data, 'directory') as DirectoryKind,
        username: formValue(data, 'username'),
        password: formValue(data, 'password'),
      }
    : { via: 'consent', phoneNumber: formValue(data, 'phoneNumber') };
}
