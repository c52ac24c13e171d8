/**
 * What every property test (`*.property.test.ts`) runs with: a fixed seed, so `npm test` checks the same cases every
 * time and a failure reproduces, and a bounded number of runs, so the whole set stays within seconds.
 *
 * To explore beyond the fixed cases: `COUCHLINE_PROPERTY_SEED=<any integer>` (a failure prints the seed and path to
 * replay it) and `COUCHLINE_PROPERTY_RUNS=<n>` (every property runs n cases instead of its own bound), e.g.
 *   COUCHLINE_PROPERTY_SEED=$RANDOM COUCHLINE_PROPERTY_RUNS=5000 node --test server/policy/policy-engine.property.test.ts
 */
const FIXED_SEED = 1407;

function fromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not "${raw}"`);
  return value;
}

/** What `fc.assert` is given: spread it to add more (`{ ...runs(10), timeout: 5000 }`). */
export interface PropertyOptions {
  readonly seed: number;
  readonly numRuns: number;
}

const seed = fromEnv('COUCHLINE_PROPERTY_SEED') ?? FIXED_SEED;
const runsOverride = fromEnv('COUCHLINE_PROPERTY_RUNS');

/** The default: the fixed seed and 100 runs. */
export const propertyOptions: PropertyOptions = { seed, numRuns: runsOverride ?? 100 };

/** The fixed seed with a property's own bound on runs (fewer where each run starts a process, more where runs are cheap). */
export function runs(numRuns: number): PropertyOptions {
  return { seed, numRuns: runsOverride ?? numRuns };
}
