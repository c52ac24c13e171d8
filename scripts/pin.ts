// Sets a mailbox's voicemail PIN, as its owner would from their phone, on the running carrier simulator.
//   npm run pin -- --mailbox 505-555-1212 --pin 8264 [--current 5093]
import { parseArgs } from 'node:util';
import type { ErrorBody } from '../protocol/index.ts';

const { values } = parseArgs({
  options: {
    mailbox: { type: 'string', default: '505-555-1212' },
    pin: { type: 'string' },
    current: { type: 'string' },
    simulator: { type: 'string', default: process.env.COUCHLINE_SIMULATOR_URL ?? 'http://127.0.0.1:8081' },
  },
});
if (!values.pin) {
  console.error('Give the new PIN: npm run pin -- --mailbox 505-555-1212 --pin NNNN [--current NNNN]');
  process.exit(2);
}
const mailbox = values.mailbox.replace(/\D/g, '');
let response: Response;
try {
  response = await fetch(`${values.simulator}/mailboxes/${mailbox}/pin`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pin: values.pin, ...(values.current ? { currentPin: values.current } : {}) }),
  });
} catch {
  console.error(
    `Cannot reach the voicemail-server simulator at ${values.simulator}. Is \`npm start\` running?`,
  );
  process.exit(1);
}
if (response.status === 204) {
  console.log(`The PIN of ${values.mailbox} is changed.`);
} else {
  const { error } = (await response.json()) as ErrorBody;
  const wait = error.details?.retryAfterSec
    ? ` Try again in ${Math.ceil(error.details.retryAfterSec / 60)} minutes.`
    : '';
  console.error(`Not changed: ${error.message} (${error.code}).${wait}`);
  process.exit(1);
}
