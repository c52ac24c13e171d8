import * as v from 'valibot';
import { summarizeIssues, type ErrorBody } from '../../protocol/index.ts';
import type { Observation } from './observe.ts';
import { DEMO_DEVICES, SCHEMAS, type ParityRow, type Pushes } from './scenarios.ts';

/**
 * Where a row's two observations differ from the table and from each other, one line each, naming the side:
 * "status: mock 200, backend 401 (the table says 401)". Empty when both agree with the table.
 */
export function differences(row: ParityRow, mock: Observation, backend: Observation): string[] {
  const found: string[] = [];
  const { expect } = row;
  const sides = { mock, backend } as const;
  const each = (check: (o: Observation, side: 'mock' | 'backend') => string | null) => {
    for (const side of ['mock', 'backend'] as const) {
      const problem = check(sides[side], side);
      if (problem) found.push(`${side}: ${problem}`);
    }
  };

  if (mock.status !== expect.status || backend.status !== expect.status) {
    found.push(`status: mock ${mock.status}, backend ${backend.status} (the table says ${expect.status})`);
    // Bodies of different statuses say different things: what they are is the clue.
    found.push(`mock's body: ${brief(mock.body)}`, `backend's body: ${brief(backend.body)}`);
    return found;
  }

  if (expect.code) {
    const codes = { mock: errorOf(mock.body)?.code, backend: errorOf(backend.body)?.code };
    if (codes.mock !== expect.code || codes.backend !== expect.code) {
      found.push(`code: mock ${codes.mock}, backend ${codes.backend} (the table says ${expect.code})`);
    }
    for (const [key, value] of Object.entries(expect.details ?? {})) {
      each((o) => {
        const given = (errorOf(o.body)?.details as Record<string, unknown> | undefined)?.[key];
        return given === value ? null : `details.${key} is ${JSON.stringify(given)}, the table says ${value}`;
      });
    }
    found.push(...keyDifferences(mock.body, backend.body));
  } else if (expect.body === 'none') {
    each((o) => (o.body === null ? null : `a body where none belongs: ${brief(o.body)}`));
  } else if (expect.body === 'keys' || expect.body === undefined) {
    found.push(...keyDifferences(mock.body, backend.body));
  } else {
    const schema: v.GenericSchema = SCHEMAS[expect.body];
    each((o) => {
      const parsed = v.safeParse(schema, o.body);
      return parsed.success ? null : `the body is no ${expect.body}: ${summarizeIssues(parsed.issues)}`;
    });
  }

  const hellos = DEMO_DEVICES.filter((d) => mock.hello[d] !== backend.hello[d]);
  for (const d of hellos) found.push(`${d}'s hello: mock ${mock.hello[d]}, backend ${backend.hello[d]}`);

  const expected = { backend: expect.pushes ?? {}, mock: expect.mock?.pushes ?? expect.pushes ?? {} };
  each((o, side) => {
    const wrong = DEMO_DEVICES.filter(
      (d) => o.pushes[d].join() !== [...(expected[side][d] ?? [])].sort().join(),
    );
    if (wrong.length === 0) return null;
    const said = (p: Pushes | Observation['pushes']) =>
      wrong.map((d) => `${d} [${(p[d] ?? []).join(', ')}]`).join('; ');
    return `pushed ${said(o.pushes)}; the table says ${said(expected[side])}`;
  });
  return found;
}

function errorOf(body: unknown): ErrorBody['error'] | undefined {
  return body && typeof body === 'object' && 'error' in body ? (body as ErrorBody).error : undefined;
}

/**
 * Every key path of a JSON value: `error.details.attemptsLeft`; an array's elements share `[]`
 * (`devices[].name`). A path whose value is null or an empty array ends there: it says nothing of what is under it.
 */
export function keyPaths(value: unknown, at = ''): { paths: string[]; open: string[] } {
  const paths: string[] = [];
  const open: string[] = [];
  const walk = (item: unknown, path: string) => {
    if (Array.isArray(item)) {
      paths.push(`${path}[]`);
      if (item.length === 0) open.push(`${path}[]`);
      for (const element of item) walk(element, `${path}[]`);
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        const childPath = path ? `${path}.${key}` : key;
        paths.push(childPath);
        walk(child, childPath);
      }
    } else if (item === null && path) open.push(path);
  };
  walk(value, at);
  return { paths: [...new Set(paths)], open };
}

/**
 * The keys one side's body has and the other's lacks, leaving out what is under a null or an empty array on either
 * side (nothing there to compare).
 */
export function keyDifferences(mock: unknown, backend: unknown): string[] {
  const mine = keyPaths(mock);
  const theirs = keyPaths(backend);
  const open = [...mine.open, ...theirs.open];
  const comparable = (p: string) => !open.some((o) => p.startsWith(`${o}.`) || p.startsWith(`${o}[]`));
  const onlyMock = mine.paths.filter((p) => comparable(p) && !theirs.paths.includes(p));
  const onlyBackend = theirs.paths.filter((p) => comparable(p) && !mine.paths.includes(p));
  return [
    ...(onlyMock.length ? [`only the mock's body has ${onlyMock.join(', ')}`] : []),
    ...(onlyBackend.length ? [`only the backend's body has ${onlyBackend.join(', ')}`] : []),
  ];
}

function brief(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
