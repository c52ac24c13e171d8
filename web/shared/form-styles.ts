import { css } from 'lit';

/**
 * The pages' shared css: each element lists the parts it uses in its `static styles`, before its own rules (or, for
 * the invalid and focus marks, after them).
 */

/** Form controls take the page's font and never grow wider than their column (a phone held upright). */
export const controlStyles = css`
  input,
  select,
  textarea,
  button {
    font: inherit;
    max-width: 100%;
    box-sizing: border-box;
  }
`;

/** A labelled field: the label over its control, its error under it. */
export const fieldStyles = css`
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin: 0 0 10px;
  }
`;

/**
 * How every form shows a field to blame (a red outline) and the focused control (a blue ring). Put it after an
 * element's own styles, so it wins over rules of the same weight as it did when each element wrote it last.
 */
export const invalidAndFocusStyles = css`
  [aria-invalid='true'] {
    outline: 2px solid #b3261e;
    outline-offset: 1px;
  }
  :focus-visible {
    outline: 3px solid #1f6feb;
    outline-offset: 2px;
  }
`;

/** The setup page's round buttons: filled blue, `.secondary` white with a blue outline, dimmed when disabled. */
export const pillButtonStyles = css`
  button {
    padding: 6px 16px;
    border-radius: 16px;
    border: 1px solid #1f6feb;
    background: #1f6feb;
    color: #fff;
    cursor: pointer;
  }
  button.secondary {
    background: #fff;
    color: #1f6feb;
  }
  button[disabled] {
    opacity: 0.6;
  }
`;
