import type { PractitionerProfile } from '@meridian/contracts';

export interface OptionGroup {
  group: string;
  items: { value: string; label: string }[];
}

const byText = (a: string, b: string) => a.localeCompare(b);

/**
 * Practitioners for a picker, grouped by department and specialty ("Cardiology ·
 * Cardiologist"; one name when they are the same, the specialty alone without a
 * department), groups and names in alphabetical order.
 */
export function practitionerGroups(
  practitioners: readonly PractitionerProfile[],
  departmentName: (departmentId: string) => string | undefined,
): OptionGroup[] {
  const groups = new Map<string, OptionGroup['items']>();
  for (const p of practitioners) {
    const department = p.departmentId ? departmentName(p.departmentId) : undefined;
    const group =
      department && department.toLowerCase() !== p.specialty.toLowerCase()
        ? `${department} · ${p.specialty}`
        : (department ?? p.specialty);
    const items = groups.get(group) ?? [];
    items.push({ value: p.id, label: p.displayName });
    groups.set(group, items);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([group, items]) => ({
      group,
      items: items.sort((a, b) => byText(a.label, b.label)),
    }));
}

/** The distinct specialties, alphabetical, for the slot finder's "any practitioner of". */
export function specialtiesOf(practitioners: readonly PractitionerProfile[]): string[] {
  return [...new Set(practitioners.map((p) => p.specialty))].sort(byText);
}
