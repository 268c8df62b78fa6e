import {
  ageInYears,
  codedFlag,
  numericFlag,
  pickReferenceRange,
  toTestUnit,
  type LabFlag,
  type LabTestDefinition,
  type LabValueInput,
} from '@meridian/contracts';
import { AppError } from '../../../platform/errors.js';

/** What the patient's reference range depends on, at the specimen's collection. */
export interface PatientAtCollection {
  sex: string | null;
  birthDate: string | null;
  collectedAt: Date;
}

/** A value as stored: in the test's unit, with what was entered, its flag and the range used. */
export interface EvaluatedValue {
  valueNumeric: number | null;
  unit: string | null;
  valueCode: string | null;
  valueText: string | null;
  enteredValue: number | null;
  enteredUnit: string | null;
  flag: LabFlag | null;
  rangeLow: number | null;
  rangeHigh: number | null;
}

const empty = {
  valueNumeric: null,
  unit: null,
  valueCode: null,
  valueText: null,
  enteredValue: null,
  enteredUnit: null,
  flag: null,
  rangeLow: null,
  rangeHigh: null,
} satisfies EvaluatedValue;

/**
 * Checks a value against its test and computes its flag. A numeric value must be in the
 * test's unit or one convertible to it (lab.unit_mismatch otherwise); a coded value must be
 * one of the test's answers (lab.invalid_answer). Free text is refused for both kinds: every
 * catalogue test is numeric or coded. `path` prefixes the refusals' field paths (e.g.
 * `results.2.value`).
 */
export function evaluateValue(
  test: LabTestDefinition,
  value: LabValueInput,
  patient: PatientAtCollection,
  path: string,
): EvaluatedValue {
  if (test.valueType === 'numeric') {
    if (value.kind !== 'numeric') {
      throw new AppError('validation.failed', `${test.code} takes a numeric value`, {
        errors: [
          { path: `${path}.kind`, rule: 'numeric', message: `${test.shortName} is numeric` },
        ],
      });
    }
    const converted = toTestUnit(value.value, value.unit, test);
    if (converted === null) {
      const accepted = [test.unit, ...test.conversions.map((c) => c.unit)].join(', ');
      throw new AppError(
        'lab.unit_mismatch',
        `${test.code} is reported in ${test.unit ?? '?'}; ${value.unit} is not convertible`,
        {
          errors: [
            { path: `${path}.unit`, rule: 'convertible_unit', message: `use one of: ${accepted}` },
          ],
        },
      );
    }
    const ageYears = patient.birthDate ? ageInYears(patient.birthDate, patient.collectedAt) : null;
    const range = pickReferenceRange(test.ranges, { sex: patient.sex, ageYears });
    return {
      ...empty,
      valueNumeric: converted,
      unit: test.unit,
      enteredValue: value.value,
      enteredUnit: value.unit,
      flag: numericFlag(converted, range),
      rangeLow: range?.low ?? null,
      rangeHigh: range?.high ?? null,
    };
  }
  if (value.kind !== 'coded') {
    throw new AppError('validation.failed', `${test.code} takes a coded answer`, {
      errors: [{ path: `${path}.kind`, rule: 'coded', message: `${test.shortName} is coded` }],
    });
  }
  const answers = test.answers ?? [];
  if (!answers.includes(value.code)) {
    throw new AppError('lab.invalid_answer', `${value.code} is not an answer of ${test.code}`, {
      errors: [{ path: `${path}.code`, rule: 'one_of', message: `one of: ${answers.join(', ')}` }],
    });
  }
  return { ...empty, valueCode: value.code, flag: codedFlag(value.code, test.normalAnswers ?? []) };
}
