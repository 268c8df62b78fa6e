// The deterministic generator of realistic patients, used by the demo seed, tests and the
// benchmarks. Same seed, same records, on every machine: each person is drawn from their own
// seeded stream (prng.ts), never from Math.random, faker's global state or today's date.
import { makePerson, type Person } from './person.js';
import { perturb } from './perturb.js';
import { mix32, Rng } from '../../../platform/prng.js';
import type { GeneratedRecord } from './generated.types.js';

export type {
  CreatePatient,
  GeneratedCoverage,
  GeneratedRecord,
  Perturbation,
} from './generated.types.js';
export { referenceDate } from './dates.js';

export interface GenerateOptions {
  seed: number;
  /** Distinct people. */
  count: number;
  /** How many of them are registered a second time, perturbed (at most `count`). */
  duplicatePairs: number;
}

/**
 * The `personKey`-th person of every stream with this seed (a person depends only on the
 * seed and their number), without generating the ones before: benchmarks sample this way.
 * With `duplicatePairs: 0`, record `key` is person `key`.
 */
export function generatePerson(
  seed: number,
  personKey: number,
): Pick<GeneratedRecord, 'input' | 'coverages'> {
  const { input, coverages } = makePerson(seed | 0, personKey);
  return { input, coverages };
}

/** A duplicate appears this many people (at most) after its original: close, not adjacent. */
const maxDuplicateGap = 40;

/** Spreads `pairs` duplicates evenly over `count` people. */
function hasDuplicate(personKey: number, count: number, pairs: number): boolean {
  return Math.floor(((personKey + 1) * pairs) / count) > Math.floor((personKey * pairs) / count);
}

function checkOptions({ seed, count, duplicatePairs }: GenerateOptions): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('count must be >= 0');
  if (!Number.isSafeInteger(duplicatePairs) || duplicatePairs < 0 || duplicatePairs > count) {
    throw new RangeError('duplicatePairs must be between 0 and count');
  }
}

/**
 * `count` distinct people, then (interleaved, each a few records after its original)
 * `duplicatePairs` second registrations of some of them with realistic perturbations.
 * Keys number the stream from 0; `count + duplicatePairs` records in all.
 */
export function* generateRecords(opts: GenerateOptions): Generator<GeneratedRecord> {
  checkOptions(opts);
  const { count, duplicatePairs } = opts;
  const seed = opts.seed | 0;
  const duplicateSeed = mix32(seed ^ 0x5bd1e995);
  const pending = new Map<number, { person: Person; originalKey: number; personKey: number }[]>();
  let key = 0;
  for (let personKey = 0; personKey < count; personKey++) {
    const person = makePerson(seed, personKey);
    const originalKey = key;
    yield {
      key: key++,
      personKey,
      duplicateOfKey: null,
      perturbations: [],
      input: person.input,
      coverages: person.coverages,
    };
    if (hasDuplicate(personKey, count, duplicatePairs)) {
      const gap = new Rng(duplicateSeed, personKey).int(1, maxDuplicateGap);
      const at = Math.min(personKey + gap, count - 1);
      pending.set(at, [...(pending.get(at) ?? []), { person, originalKey, personKey }]);
    }
    for (const due of pending.get(personKey) ?? []) {
      const { input, perturbations } = perturb(
        new Rng(duplicateSeed ^ 1, due.personKey),
        due.person,
      );
      yield {
        key: key++,
        personKey: due.personKey,
        duplicateOfKey: due.originalKey,
        perturbations,
        input,
        coverages: [],
      };
    }
    pending.delete(personKey);
  }
}
