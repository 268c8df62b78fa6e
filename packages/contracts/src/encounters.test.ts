import { describe, expect, it, test } from 'vitest';
import {
  addEncounterDiagnosisInput,
  encounterStepAllowed,
  encounterTimelineQuery,
  toDottedIcd10cm,
  type EncounterStatus,
  type EncounterStep,
} from './encounters.js';

describe('ICD-10-CM codes as staff type them', () => {
  test.each([
    ['E11.9', 'E11.9'],
    ['e119', 'E11.9'],
    [' e11.9 ', 'E11.9'],
    ['S72001A', 'S72.001A'],
    ['i10', 'I10'],
    ['E11', 'E11'],
  ])('%j is %s', (typed, dotted) => {
    expect(toDottedIcd10cm(typed)).toBe(dotted);
    expect(addEncounterDiagnosisInput.parse({ code: typed, rank: 'secondary' }).code).toBe(dotted);
  });

  test.each(['XYZ', '1234', 'E1', 'E11.99999', ''])('refuses %j', (typed) => {
    expect(addEncounterDiagnosisInput.safeParse({ code: typed, rank: 'principal' }).success).toBe(
      false,
    );
  });
});

describe('what an encounter in each status allows', () => {
  test.each<[EncounterStep, EncounterStatus, boolean]>([
    ['finish', 'in_progress', true],
    ['finish', 'finished', false],
    ['update', 'finished', true],
    ['update', 'entered_in_error', false],
    ['diagnose', 'finished', true],
    ['diagnose', 'cancelled', false],
    ['enter_in_error', 'finished', true],
    ['enter_in_error', 'entered_in_error', false],
  ])('%s from %s: %s', (step, status, allowed) => {
    expect(encounterStepAllowed(step, status)).toBe(allowed);
  });
});

it('reads includeEnteredInError as true only when it says so', () => {
  expect(encounterTimelineQuery.parse({}).includeEnteredInError).toBe(false);
  expect(
    encounterTimelineQuery.parse({ includeEnteredInError: 'false' }).includeEnteredInError,
  ).toBe(false);
  expect(
    encounterTimelineQuery.parse({ includeEnteredInError: 'true' }).includeEnteredInError,
  ).toBe(true);
});
