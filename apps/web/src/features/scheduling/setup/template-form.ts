import type { FieldError, ScheduleTemplate, ScheduleTemplateInput } from '@meridian/contracts';
import {
  blocksFromRows,
  rowsFromBlocks,
  timeToMinutes,
  weekIssues,
  type RangeProblem,
  type WeekRows,
} from './week-hours';

export interface TemplateValues {
  name: string;
  facilityId: string | null;
  effectiveFrom: string;
  /** '' = until further notice. */
  effectiveUntil: string;
  days: WeekRows;
}

/** Server paths that name a form field one to one. */
export const templateFields = ['name', 'facilityId', 'effectiveFrom', 'effectiveUntil'] as const;

export function templateInitialValues(
  template: ScheduleTemplate | null,
  defaults: { facilityId: string; today: string },
): TemplateValues {
  return {
    name: template?.name ?? '',
    facilityId: template?.facilityId ?? defaults.facilityId,
    effectiveFrom: template?.effectiveFrom ?? defaults.today,
    effectiveUntil: template?.effectiveUntil ?? '',
    days: template ? rowsFromBlocks(template.blocks) : rowsFromBlocks([]),
  };
}

export function templateBody(values: TemplateValues): ScheduleTemplateInput {
  return {
    facilityId: values.facilityId ?? '',
    name: values.name.trim(),
    effectiveFrom: values.effectiveFrom,
    effectiveUntil: values.effectiveUntil || null,
    blocks: blocksFromRows(values.days).blocks,
  };
}

/** The form path of a range's time: a missing start is the start's fault, the rest the end's. */
export function rangePath(day: number, range: number, problem: RangeProblem | 'conflict'): string {
  const which = problem === 'missing' || problem === 'conflict' ? 'start' : 'end';
  return `days.${day}.${range}.${which}`;
}

/** The week's problems as form errors (`days.<day>.<range>.<start|end>` and `days`). */
export function weekErrors(
  days: WeekRows,
  messages: Record<RangeProblem | 'noRanges', string>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of weekIssues(days)) {
    errors[rangePath(issue.day, issue.range, issue.problem)] ??= messages[issue.problem];
  }
  if (!days.some((ranges) => ranges.length > 0)) errors['days'] = messages.noRanges;
  return errors;
}

/**
 * The ranges a problem's `blocks.<i>` errors point at (e.g. the 409 of hours that overlap
 * another template), found through the order the blocks were sent in.
 */
export function rangesOfBlockErrors(
  errors: readonly FieldError[] | undefined,
  days: WeekRows,
): { day: number; range: number }[] {
  const { origins } = blocksFromRows(days);
  return (errors ?? []).flatMap((e) => {
    const match = /^blocks\.(\d+)/.exec(e.path);
    const origin = match ? origins[Number(match[1])] : undefined;
    return origin ? [origin] : [];
  });
}

export type TemplatePhase = 'upcoming' | 'current' | 'ended';

/** Whether a template has yet to start, is in effect, or has ended, on the local `today`. */
export function templatePhase(
  template: Pick<ScheduleTemplate, 'effectiveFrom' | 'effectiveUntil'>,
  today: string,
): TemplatePhase {
  if (template.effectiveFrom > today) return 'upcoming';
  if (template.effectiveUntil !== null && template.effectiveUntil < today) return 'ended';
  return 'current';
}

/**
 * The other templates a range clashes with: those whose dates meet this template's dates and
 * that work overlapping hours on the range's weekday. (The 409 names the block that clashed,
 * not the template it clashed with.)
 */
export function clashingTemplates(
  others: readonly ScheduleTemplate[],
  values: Pick<TemplateValues, 'effectiveFrom' | 'effectiveUntil' | 'days'>,
  at: { day: number; range: number },
): ScheduleTemplate[] {
  const r = values.days[at.day]?.[at.range];
  const start = timeToMinutes(r?.start ?? '');
  const end = timeToMinutes(r?.end ?? '');
  if (start === null || end === null) return [];
  const until = values.effectiveUntil || '9999-12-31';
  return others.filter(
    (o) =>
      o.effectiveFrom <= until &&
      (o.effectiveUntil ?? '9999-12-31') >= values.effectiveFrom &&
      o.blocks.some((b) => b.weekday === at.day + 1 && b.startMinute < end && start < b.endMinute),
  );
}
