import { css } from 'lit';

/** The phone page's frame and its parts outside the message rows and texts (which style themselves). */
export const phoneAppStyles = css`
  :host {
    display: block;
    max-width: 420px;
    margin: 24px auto;
    border-radius: 28px;
    background: #fff;
    color: #1c2230;
    box-shadow: 0 20px 60px #0006;
    overflow: hidden;
    font:
      16px system-ui,
      sans-serif;
  }
  header {
    background: #1c2230;
    color: #fff;
    padding: 18px 16px 12px;
  }
  h1 {
    font-size: 18px;
    margin: 0;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 12px;
    font-size: 13px;
    color: #c4cad6;
    margin-top: 6px;
    flex-wrap: wrap;
  }
  .status .online::before {
    content: '● ';
    color: #3fb950;
  }
  select {
    margin-left: auto;
    font: inherit;
    font-size: 13px;
    border-radius: 6px;
    padding: 2px 4px;
  }
  .banner {
    margin: 10px 12px 0;
    padding: 12px 14px;
    border-radius: 14px;
    background: #eaf2ff;
    display: flex;
    gap: 10px;
    align-items: center;
  }
  .banner .text {
    flex: 1;
    overflow-wrap: anywhere;
  }
  .number {
    white-space: nowrap;
  }
  .banner button {
    font: inherit;
    font-size: 14px;
    border: 0;
    background: none;
    color: #1f6feb;
    cursor: pointer;
  }
  .notices {
    list-style: none;
    margin: 10px 12px 0;
    padding: 0;
  }
  .when,
  .count {
    font-size: 13px;
    color: #5b6475;
    white-space: nowrap;
  }
  .notices .text {
    flex: 1;
  }
  .notices li {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: baseline;
    padding: 8px 12px;
    border-radius: 10px;
    background: #f1f8f2;
    color: #1d5c2a;
    font-size: 14px;
    margin-bottom: 6px;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 15px;
    color: #5b6475;
    margin: 16px 16px 4px;
    display: flex;
    justify-content: space-between;
  }
  .empty,
  .error {
    padding: 16px;
    color: #5b6475;
  }
  .error {
    color: #b3261e;
  }
  .consent {
    margin: 10px 12px 0;
    padding: 12px 14px;
    border-radius: 14px;
    background: #fff4e0;
    overflow-wrap: anywhere;
  }
  .consent p {
    margin: 0 0 10px;
  }
  .consent .actions {
    display: flex;
    gap: 10px;
  }
  .consent button {
    font: inherit;
    font-size: 15px;
    padding: 8px 16px;
    border-radius: 18px;
    border: 1px solid #1f6feb;
    background: #fff;
    color: #1f6feb;
    cursor: pointer;
  }
  .consent button:first-child {
    background: #1f6feb;
    color: #fff;
  }
  .add-tv {
    margin: 10px 12px 0;
    display: flex;
    justify-content: flex-end;
  }
  .add-tv button,
  .adding-tv > button {
    font: inherit;
    font-size: 14px;
    padding: 6px 14px;
    border-radius: 16px;
    border: 1px solid #1f6feb;
    background: #fff;
    color: #1f6feb;
    cursor: pointer;
  }
  .adding-tv {
    margin: 10px 12px 0;
    padding: 12px 14px;
    border-radius: 14px;
    border: 1px solid #d0d5de;
  }
  .adding-tv h2 {
    margin: 0 0 8px;
    color: #1c2230;
  }
  .adding-tv h2:focus {
    outline: none;
  }
  .adding-tv > button {
    margin-top: 10px;
  }
  .answer {
    margin: 10px 12px 0;
    padding: 8px 12px;
    border-radius: 10px;
    background: #f1f8f2;
    color: #1d5c2a;
    font-size: 14px;
  }
`;
