import { css } from 'lit';
import { controlStyles } from '../../shared/form-styles.ts';

/**
 * The rules editor's look, shared by its parts (the editor, each rule's card and the rows in it): compact fieldsets,
 * labels beside their controls, small round buttons.
 */
export const rulesStyles = [
  controlStyles,
  css`
    :host {
      display: block;
    }
    fieldset {
      border: 1px solid #d0d5de;
      border-radius: 12px;
      padding: 12px 14px;
      margin: 0 0 14px;
      min-width: 0;
    }
    fieldset.stopped {
      background: #f4f5f7;
    }
    legend {
      font-weight: 600;
      padding: 0 6px;
    }
    label {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      margin: 4px 12px 4px 0;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 10px;
      margin: 6px 0;
    }
    .sub {
      border-top: 1px solid #e6e9ef;
      margin-top: 10px;
      padding-top: 8px;
    }
    .sub h4 {
      margin: 0 0 4px;
      font-size: 14px;
      color: #444c5c;
    }
    .item {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      padding: 6px 0;
    }
    .days label {
      margin-right: 4px;
    }
    input[type='text'],
    input[type='date'],
    input[type='time'],
    select {
      padding: 4px 6px;
    }
    textarea {
      width: 100%;
      min-height: 3.2em;
    }
    button {
      padding: 4px 12px;
      border-radius: 14px;
      border: 1px solid #8a93a6;
      background: #fff;
      cursor: pointer;
    }
    button.add {
      border-color: #1f6feb;
      color: #1f6feb;
    }
    .hint {
      color: #5b6475;
      font-size: 14px;
      margin: 2px 0;
    }
    .field-error {
      color: #b3261e;
      font-weight: 600;
      margin: 4px 0;
    }
    [aria-invalid='true'] {
      outline: 2px solid #b3261e;
      outline-offset: 2px;
    }
    :focus-visible {
      outline: 3px solid #1f6feb;
      outline-offset: 2px;
    }
  `,
];
