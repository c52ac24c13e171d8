// Simulates a caller leaving a voicemail, against the running product's carrier simulator.
//   npm run call -- --from "Jane" --number 505-555-1313 --to 505-555-1212 --say "Hi Mary, call me back"
//   npm run call -- --from "Jane" --number 505-555-1313 --to 505-555-1212 --wav greeting.wav
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  formatPhoneNumber,
  type DepositRequest,
  type DepositResponse,
  type ErrorBody,
} from '../protocol/index.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: 'Unknown caller' },
    number: { type: 'string', default: '' },
    to: { type: 'string', default: '505-555-1212' },
    say: { type: 'string' },
    wav: { type: 'string' },
    amr: { type: 'string' },
    simulator: { type: 'string', default: process.env.COUCHLINE_SIMULATOR_URL ?? 'http://127.0.0.1:8081' },
  },
});

const audioFile = values.wav ?? values.amr;
if ((values.say === undefined) === (audioFile === undefined)) {
  console.error('Give the message as --say "text", or as an audio file with --wav FILE or --amr FILE.');
  process.exit(2);
}
const body: DepositRequest = {
  callerName: values.from,
  callerNumber: values.number,
  ...(values.say !== undefined
    ? { say: values.say }
    : {
        audio: { format: values.wav ? 'wav' : 'amr-nb', base64: readFileSync(audioFile!).toString('base64') },
      }),
};

const mailbox = values.to.replace(/\D/g, '');
let response: Response;
try {
  response = await fetch(`${values.simulator}/mailboxes/${mailbox}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
} catch {
  console.error(
    `Cannot reach the voicemail-server simulator at ${values.simulator}. Is \`npm start\` running?`,
  );
  process.exit(1);
}
if (!response.ok) {
  const { error } = (await response.json()) as ErrorBody;
  console.error(`The voicemail server refused the message: ${error.code}: ${error.message}`);
  process.exit(1);
}
const result = (await response.json()) as DepositResponse;
console.log(
  `${values.from} left a ${result.durationSec.toFixed(1)} s voicemail for ${formatPhoneNumber(result.mailbox)} (${result.messageId}).`,
);
console.log(
  result.proxyNotified
    ? 'Couchline was notified; the alert is on its way.'
    : 'Couchline could not be notified.',
);
