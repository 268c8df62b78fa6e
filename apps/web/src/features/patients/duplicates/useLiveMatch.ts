import { useMemo } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import type { MatchPatientInput } from '@meridian/contracts';
import type { PatientFormValues } from '../form/patient-form';
import { usePatientMatch } from '../patients.api';
import { matchInputFrom } from './match-input';

/** How long typing must pause before the duplicate check runs. */
export const matchDebounceMs = 400;

/** The live duplicate check of a patient form, asked once typing pauses. */
export function useLiveMatch(values: PatientFormValues, excludePatientId?: string) {
  // Tricky: debounce the serialized input, so the equal object built on every render does
  // not restart the timer.
  const [debounced] = useDebouncedValue(
    JSON.stringify(matchInputFrom(values, excludePatientId)),
    matchDebounceMs,
  );
  const input = useMemo(() => JSON.parse(debounced) as MatchPatientInput | null, [debounced]);
  const match = usePatientMatch(input);
  const candidates = input ? (match.data?.candidates ?? []) : [];
  return { input, match, candidates };
}

export type LiveMatch = ReturnType<typeof useLiveMatch>;
