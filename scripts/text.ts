// Someone outside the household texts one of its phones, through the running product's SMS network simulator; or
// makes texts to a number fail (and work again), as a network would.
//   npm run text -- --from 505-555-1313 --to 505-555-1212 --say "Call me after the news"
//   npm run text -- --fail 505-555-1313 [--reason "the number is not reachable"]
//   npm run text -- --heal 505-555-1313
import { parseArgs } from 'node:util';
import { formatPhoneNumber, type ErrorBody } from '../protocol/index.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string', default: '505-555-1212' },
    say: { type: 'string' },
    fail: { type: 'string' },
    heal: { type: 'string' },
    reason: { type: 'string' },
    network: { type: 'string', default: process.env.COUCHLINE_SMS_NETWORK_URL ?? 'http://127.0.0.1:8085' },
  },
});

async function post(path: string, body: unknown): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL(path, values.network), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    console.error(
      `The SMS network at ${values.network} does not answer. Is the product running (npm start)?`,
    );
    process.exit(1);
  }
  if (!response.ok) {
    const error = ((await response.json().catch(() => null)) as ErrorBody | null)?.error;
    console.error(`The SMS network refused: ${error?.message ?? `HTTP ${response.status}`}`);
    process.exit(1);
  }
}

if (values.fail !== undefined || values.heal !== undefined) {
  const number = (values.fail ?? values.heal)!;
  const fail = values.fail !== undefined;
  await post('/faults', { number, fail, ...(values.reason ? { reason: values.reason } : {}) });
  console.log(fail ? `Texts to ${number} now fail.` : `Texts to ${number} go through again.`);
} else if (values.from && values.say) {
  await post('/inbound', { from: values.from, to: values.to, text: values.say });
  console.log(`${values.from} texted ${formatPhoneNumber(values.to.replace(/\D/g, ''))}: “${values.say}”`);
} else {
  console.error('Give --from NUMBER --say "text" [--to NUMBER], or --fail NUMBER / --heal NUMBER.');
  process.exit(2);
}
