import type { Coverage } from '@meridian/contracts';
import type { CoverageBody } from './coverage.api';

export interface SubscriberValues {
  name: { given: string; middle: string; family: string };
  birthDate: string;
  sexAtBirth: string;
  phone: string;
  relationshipDetail: string;
}

/** The form mirrors the body's paths, so the server's field errors land on their fields. */
export interface CoverageValues {
  payerId: string;
  planId: string;
  memberId: string;
  groupNumber: string;
  subscriberRelationship: CoverageBody['subscriberRelationship'];
  subscriber: SubscriberValues;
  effectiveFrom: string;
  effectiveTo: string;
  priority: CoverageBody['priority'];
}

export const coverageFields = [
  'payerId',
  'planId',
  'memberId',
  'groupNumber',
  'subscriberRelationship',
  'subscriber',
  'subscriber.name.given',
  'subscriber.name.middle',
  'subscriber.name.family',
  'subscriber.birthDate',
  'subscriber.sexAtBirth',
  'subscriber.phone',
  'subscriber.relationshipDetail',
  'effectiveFrom',
  'effectiveTo',
  'priority',
] as const;

/** Today as YYYY-MM-DD in the browser's zone: the day staff mean by "today". */
export function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function coverageInitialValues(
  coverage: Coverage | null,
  firstFreePriority: CoverageBody['priority'] = 'primary',
): CoverageValues {
  const s = coverage?.subscriber;
  return {
    payerId: coverage?.payer.id ?? '',
    planId: coverage?.plan?.id ?? '',
    memberId: coverage?.memberId ?? '',
    groupNumber: coverage?.groupNumber ?? '',
    subscriberRelationship: coverage?.subscriberRelationship ?? 'self',
    subscriber: {
      name: {
        given: s?.name.given ?? '',
        middle: s?.name.middle ?? '',
        family: s?.name.family ?? '',
      },
      birthDate: s?.birthDate ?? '',
      sexAtBirth: s?.sexAtBirth ?? '',
      phone: s?.phone ?? '',
      relationshipDetail: s?.relationshipDetail ?? '',
    },
    effectiveFrom: coverage?.effectiveFrom ?? localToday(),
    effectiveTo: coverage?.effectiveTo ?? '',
    priority: coverage?.priority ?? firstFreePriority,
  };
}

function optional(v: string): string | undefined {
  return v.trim() ? v.trim() : undefined;
}

function subscriberBody(s: SubscriberValues): NonNullable<CoverageBody['subscriber']> {
  const middle = optional(s.name.middle);
  const body: NonNullable<CoverageBody['subscriber']> = {
    name: { given: s.name.given, family: s.name.family, ...(middle ? { middle } : {}) },
    birthDate: s.birthDate,
  };
  const phone = optional(s.phone);
  if (phone) body.phone = phone;
  if (s.sexAtBirth) body.sexAtBirth = s.sexAtBirth as NonNullable<typeof body.sexAtBirth>;
  if (s.relationshipDetail) {
    body.relationshipDetail = s.relationshipDetail as NonNullable<typeof body.relationshipDetail>;
  }
  return body;
}

/**
 * The whole coverage to send (create and update alike). Blank optional fields are left out;
 * the subscriber goes only when the patient is not the policy holder.
 */
export function coverageBody(values: CoverageValues): CoverageBody {
  const planId = optional(values.planId);
  const groupNumber = optional(values.groupNumber);
  const effectiveTo = optional(values.effectiveTo);
  return {
    payerId: values.payerId,
    ...(planId ? { planId } : {}),
    memberId: values.memberId,
    ...(groupNumber ? { groupNumber } : {}),
    subscriberRelationship: values.subscriberRelationship,
    ...(values.subscriberRelationship === 'self'
      ? {}
      : { subscriber: subscriberBody(values.subscriber) }),
    effectiveFrom: values.effectiveFrom,
    ...(effectiveTo ? { effectiveTo } : {}),
    priority: values.priority,
  };
}

const priorityOrder: Record<Coverage['priority'], number> = {
  primary: 0,
  secondary: 1,
  tertiary: 2,
};

/** In force on `today`: active, and `today` within its dates (a future start counts too). */
export function isCurrent(c: Coverage, today: string): boolean {
  return c.status === 'active' && (c.effectiveTo === null || c.effectiveTo >= today);
}

/**
 * Splits coverages into the current ones by priority (then start date) and the past,
 * cancelled and entered-in-error ones, latest first.
 */
export function groupCoverages(items: Coverage[], today: string) {
  const current = items
    .filter((c) => isCurrent(c, today))
    .sort(
      (a, b) =>
        priorityOrder[a.priority] - priorityOrder[b.priority] ||
        a.effectiveFrom.localeCompare(b.effectiveFrom),
    );
  const past = items
    .filter((c) => !isCurrent(c, today))
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  return { current, past };
}

/** The first priority no current coverage holds, as the default for a new one. */
export function firstFreePriority(current: Coverage[]): Coverage['priority'] {
  const taken = new Set(current.map((c) => c.priority));
  return (['primary', 'secondary', 'tertiary'] as const).find((p) => !taken.has(p)) ?? 'primary';
}
