// Enrolls every set-top box of the given cable accounts, as an operator's provisioning system would, with the
// operator key (never a device's or a household's token), and writes their credentials.
//   npm run enroll-boxes -- --account cacct-mary [--account …] [--accounts-file ids.txt] [--out boxes.json]
//     [--url http://127.0.0.1:8080] [--key KEY]   (the key: COUCHLINE_OPERATOR_KEY, else data/operator-key)
// Each account must be in a joint account. Without --out the credentials are printed, one JSON line per box.
import { closeSync, fchmodSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { OperatorEnrolled, type ErrorBody } from '../protocol/index.ts';

/** Accounts per request (the API takes up to 1,000; smaller batches keep each transaction short). */
const BATCH = 250;

export interface EnrollBoxesResult extends OperatorEnrolled {
  seconds: number;
}

/**
 * Calls `POST /api/operator/enrollments` in batches, `concurrency` at a time, and gathers what each answered.
 * Throws on a refusal of the whole request (a wrong key, the backend down).
 */
export async function enrollBoxes(options: {
  url: string;
  key: string;
  accountIds: readonly string[];
  concurrency?: number;
}): Promise<EnrollBoxesResult> {
  const started = performance.now();
  const batches: string[][] = [];
  for (let i = 0; i < options.accountIds.length; i += BATCH)
    batches.push(options.accountIds.slice(i, i + BATCH));
  const result: OperatorEnrolled = { enrolled: [], refused: [] };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const response = await fetch(`${options.url.replace(/\/$/, '')}/api/operator/enrollments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cableAccountIds: batch }),
      });
      if (!response.ok) {
        const { error } = (await response.json().catch(() => ({ error: null }))) as Partial<ErrorBody>;
        throw new Error(
          `the backend refused: ${error ? `${error.message} (${error.code})` : response.status}`,
        );
      }
      const answer = v.parse(OperatorEnrolled, await response.json());
      result.enrolled.push(...answer.enrolled);
      result.refused.push(...answer.refused);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 2, batches.length) }, worker));
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      account: { type: 'string', multiple: true, default: [] },
      'accounts-file': { type: 'string' },
      out: { type: 'string' },
      url: { type: 'string', default: process.env.COUCHLINE_URL ?? 'http://127.0.0.1:8080' },
      key: { type: 'string' },
    },
  });
  const accountIds = [
    ...values.account,
    ...(values['accounts-file']
      ? readFileSync(values['accounts-file'], 'utf8')
          .split(/\s+/)
          .filter((id) => id.length > 0)
      : []),
  ];
  if (accountIds.length === 0) {
    console.error('Name the cable accounts: npm run enroll-boxes -- --account cacct-mary [--out boxes.json]');
    process.exit(2);
  }
  const key = values.key ?? process.env.COUCHLINE_OPERATOR_KEY ?? readKeyFile();
  let result: EnrollBoxesResult;
  try {
    result = await enrollBoxes({ url: values.url, key, accountIds });
  } catch (error) {
    console.error(
      error instanceof TypeError
        ? `Cannot reach Couchline at ${values.url}. Is \`npm start\` running?`
        : (error as Error).message,
    );
    process.exit(1);
  }
  if (values.out) {
    // Credentials: readable by the operator only. A file's mode applies only when it is created, so one that was
    // there before (readable by others, perhaps) is made owner-only before the tokens go in.
    const fd = openSync(values.out, 'w', 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeFileSync(fd, JSON.stringify(result.enrolled, null, 2));
    } finally {
      closeSync(fd);
    }
  } else {
    for (const box of result.enrolled) console.log(JSON.stringify(box));
  }
  const rate = result.enrolled.length / Math.max(result.seconds, 0.001);
  console.error(
    `Enrolled ${result.enrolled.length} boxes of ${accountIds.length - result.refused.length} accounts in ` +
      `${result.seconds.toFixed(2)} s (${Math.round(rate)} boxes/s)${values.out ? `; credentials in ${values.out}` : ''}.`,
  );
  for (const refused of result.refused) {
    console.error(`  ${refused.cableAccountId}: not enrolled — ${refused.message} (${refused.code})`);
  }
  process.exit(result.refused.length > 0 ? 1 : 0);
}

function readKeyFile(): string {
  const path = join(process.env.COUCHLINE_DATA_DIR ?? 'data', 'operator-key');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    console.error(
      `No operator key: give --key, set COUCHLINE_OPERATOR_KEY, or run from the folder with ${path}.`,
    );
    process.exit(2);
  }
}
