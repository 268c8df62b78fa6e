import {
  email as emailSchema,
  isoDate,
  normalizePhone,
  normalizeSsn,
  type MatchPatientInput,
} from '@meridian/contracts';
import type { PatientFormValues } from '../form/patient-form';

/**
 * What the live duplicate check sends for the form as typed so far, or null while too
 * little is filled for a useful answer (a lone given name matches half the city). Only
 * well-formed values are sent: a half-typed phone or date would only be refused.
 */
export function matchInputFrom(
  values: PatientFormValues,
  excludePatientId?: string,
): MatchPatientInput | null {
  const given = values.name.given.trim();
  const family = values.name.family.trim();
  const birthDate = isoDate.safeParse(values.birthDate).success ? values.birthDate : undefined;
  const phone = values.phones
    .map((p) => normalizePhone(p.number))
    .find((p): p is string => p !== null);
  const ssn = normalizeSsn(values.ssn) ?? undefined;
  const email = emailSchema.safeParse(values.email);
  const address = values.addresses[0];

  // Strong keys on their own, or a family name with one more thing to compare.
  const hasStrongKey = phone !== undefined || ssn !== undefined;
  const hasName = family.length >= 2;
  const enough =
    hasStrongKey ||
    (hasName && (given.length >= 1 || birthDate !== undefined)) ||
    (given.length >= 2 && birthDate !== undefined);
  if (!enough) return null;

  return {
    ...(given || family
      ? { name: { ...(given ? { given } : {}), ...(family ? { family } : {}) } }
      : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(values.sexAtBirth
      ? { sexAtBirth: values.sexAtBirth as MatchPatientInput['sexAtBirth'] }
      : {}),
    ...(phone ? { phone } : {}),
    ...(ssn ? { ssn } : {}),
    ...(email.success ? { email: email.data } : {}),
    ...(address && (address.line1.trim() || address.postalCode.trim())
      ? {
          address: {
            ...(address.line1.trim() ? { line1: address.line1.trim() } : {}),
            ...(address.postalCode.trim() ? { postalCode: address.postalCode.trim() } : {}),
          },
        }
      : {}),
    ...(excludePatientId ? { excludePatientId } : {}),
    limit: 5,
  };
}
