import { css } from 'lit';
import {
  controlStyles,
  fieldStyles,
  invalidAndFocusStyles,
  pillButtonStyles,
} from '../shared/form-styles.ts';

/**
 * The look of the setup page's views (web/account/views/): headings, forms and cards, fields and their errors,
 * prompts, round buttons. The page itself (account-app.ts) sets the font and the column.
 */
export const accountViewStyles = [
  controlStyles,
  fieldStyles,
  css`
    :host {
      display: block;
    }
    h2 {
      font-size: 19px;
      margin: 18px 0 8px;
    }
    h2:focus {
      outline: none;
    }
    .columns {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
      gap: 16px;
    }
    form,
    section.card {
      border: 1px solid #d0d5de;
      border-radius: 12px;
      padding: 14px;
      background: #fff;
      min-width: 0;
    }
    form h2 {
      margin-top: 0;
    }
    .choice {
      display: flex;
      gap: 8px;
      align-items: center;
      margin: 4px 0;
    }
    input[type='text'],
    input[type='password'],
    input[type='tel'],
    select {
      padding: 6px 8px;
    }
    .field-error {
      color: #b3261e;
      font-weight: 600;
      margin: 0;
    }
    .prompt {
      background: #eaf2ff;
      border-radius: 10px;
      padding: 10px 12px;
    }
    .prompt.bad {
      background: #fdecea;
      color: #7a1c14;
    }
    ul.devices {
      margin: 4px 0 0;
      padding-left: 20px;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 12px;
    }
    dt {
      color: #5b6475;
    }
    dd {
      margin: 0;
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 10px;
      margin: 12px 0;
    }
  `,
  pillButtonStyles,
  invalidAndFocusStyles,
];
