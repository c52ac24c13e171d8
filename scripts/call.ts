// Simulates a caller, against the running product's carrier simulator: leaving a voicemail, and with --ring, first
// ringing the line for that many seconds (caller ID on the TVs where the household turned it on).
//   npm run call -- --from "Jane" --number 505-555-1313 --to 505-555-1212 --say "Hi Mary, call me back"
//   npm run call -- --from "Jane" --number 505-555-1313 --to 505-555-1212 --wav greeting.wav
//   npm run call -- --from "Jane" --number 505-555-1313 --to 505-555-1212 --ring 10 [--say "…"]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  formatPhoneNumber,
  type DepositRequest,
  type CallPlaced,
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
    ring: { type: 'string' },
    simulator: { type: 'string', default: process.env.COUCHLINE_SIMULATOR_URL ?? 'http://127.0.0.1:8081' },
  },
});

const audioFile = values.wav ?? values.amr;
const ringSeconds = values.ring === undefined ? null : Number(values.ring);
if (ringSeconds !== null && !(ringSeconds > 0 && ringSeconds <= 120)) {
  console.error('--ring takes a number of seconds, up to 120.');
  process.exit(2);
}
const hasMessage = values.say !== undefined || audioFile !== undefined;
if ((values.say !== undefined && audioFile !== undefined) || (!hasMessage && ringSeconds === null)) {
  console.error('Give the message as --say "text", or as an audio file with --wav FILE or --amr FILE.');
  process.exit(2);
}
const mailbox = values.to.replace(/\D/g, '');

if (ringSeconds !== null) {
  const placed = await send(`/calls`, { to: mailbox, callerName: values.from, callerNumber: values.number });
  const { callId } = (await placed.json()) as CallPlaced;
  console.log(`Ringing ${formatPhoneNumber(mailbox)} for ${ringSeconds} s…`);
  await new Promise((resolve) => setTimeout(resolve, ringSeconds * 1000));
  await send(`/calls/${callId}/end`, { reason: hasMessage ? 'voicemail' : 'hung-up' });
  console.log(hasMessage ? 'No answer: the call goes to voicemail.' : 'No answer: the caller hung up.');
  if (!hasMessage) process.exit(0);
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

const response = await send(`/mailboxes/${mailbox}/messages`, body);
const result = (await response.json()) as DepositResponse;
console.log(
  `${values.from} left a ${result.durationSec.toFixed(1)} s voicemail for ${formatPhoneNumber(result.mailbox)} (${result.messageId}).`,
);
console.log(
  result.proxyNotified
    ? 'Couchline was notified; the alert is on its way.'
    : 'Couchline could not be notified.',
);

/** POSTs to the carrier simulator; a refusal or no answer ends the script with the reason. */
async function send(path: string, payload: unknown): Promise<Response> {
  let answer: Response;
  try {
    answer = await fetch(`${values.simulator}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
  } catch {
    console.error(
      `Cannot reach the voicemail-server simulator at ${values.simulator}. Is \`npm start\` running?`,
    );
    process.exit(1);
  }
  if (!answer.ok) {
    const { error } = (await answer.json()) as ErrorBody;
    console.error(`The carrier refused: ${error.code}: ${error.message}`);
    process.exit(1);
  }
  return answer;
}
