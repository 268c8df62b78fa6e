import { asc } from 'drizzle-orm';
import type { LabCatalogueItem, LabTestDefinition } from '@meridian/contracts';
import type { DbOrTx } from '../../../platform/db.js';
import {
  labPanelMember,
  labReferenceRange,
  labTest,
  labUnitConversion,
  type LabTestRow,
} from './labs.tables.js';

/** The whole catalogue (a few dozen rows, migration data): read at once, indexed by code. */
export interface Catalogue {
  /** Every test and panel row by code. */
  rows: ReadonlyMap<string, LabTestRow>;
  /** Resultable tests (components and single tests) by code. */
  definitions: ReadonlyMap<string, LabTestDefinition>;
  /** Orderable items (panels with components, single tests) in catalogue order. */
  orderable: readonly LabCatalogueItem[];
  /** An orderable item's components, by the item's code. */
  componentsOf(code: string): readonly LabTestDefinition[];
}

export async function loadCatalogue(db: DbOrTx): Promise<Catalogue> {
  // In turn: `db` may be a transaction, whose one connection runs one query at a time.
  const tests = await db.select().from(labTest).orderBy(asc(labTest.position), asc(labTest.code));
  const members = await db.select().from(labPanelMember).orderBy(asc(labPanelMember.position));
  const conversions = await db.select().from(labUnitConversion);
  const ranges = await db.select().from(labReferenceRange);
  const rows = new Map(tests.map((t) => [t.code, t]));
  const definitions = new Map<string, LabTestDefinition>();
  for (const t of tests) {
    if (t.kind !== 'test' || t.valueType === null) continue;
    definitions.set(t.code, {
      code: t.code,
      name: t.name,
      shortName: t.shortName,
      specimen: t.specimen,
      valueType: t.valueType,
      unit: t.unit,
      decimals: t.decimals,
      answers: t.answers,
      normalAnswers: t.normalAnswers,
      conversions: conversions
        .filter((c) => c.testCode === t.code)
        .map((c) => ({ unit: c.unit, factor: c.factor })),
      ranges: ranges
        .filter((r) => r.testCode === t.code)
        .map((r) => ({
          sex: r.sex,
          ageFromYears: r.ageFromYears,
          ageToYears: r.ageToYears,
          low: r.low,
          high: r.high,
          criticalLow: r.criticalLow,
          criticalHigh: r.criticalHigh,
        })),
    });
  }
  const componentsOf = (code: string): LabTestDefinition[] => {
    const row = rows.get(code);
    if (!row) return [];
    if (row.kind === 'test') {
      const own = definitions.get(code);
      return own ? [own] : [];
    }
    return members
      .filter((m) => m.panelCode === code)
      .map((m) => definitions.get(m.memberCode))
      .filter((d): d is LabTestDefinition => d !== undefined);
  };
  const orderable = tests
    .filter((t) => t.isOrderable)
    .map((t) => ({
      code: t.code,
      name: t.name,
      shortName: t.shortName,
      kind: t.kind,
      specimen: t.specimen,
      components: componentsOf(t.code),
    }));
  return { rows, definitions, orderable, componentsOf };
}

/**
 * The orderable items matching `q` (every word found in the code, names or synonyms, case
 * and accents ignored), the best first: an exact code or short name, then a prefix.
 */
export function searchCatalogue(
  catalogue: Catalogue,
  q: string | undefined,
  limit: number,
): LabCatalogueItem[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(q ?? '')
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return catalogue.orderable.slice(0, limit);
  const scored = catalogue.orderable
    .map((item) => {
      const row = catalogue.rows.get(item.code);
      const haystack = fold(
        [item.code, item.shortName, item.name, row?.synonyms ?? '']
          .concat(item.components.map((c) => `${c.shortName} ${c.name}`))
          .join(' '),
      );
      if (!words.every((w) => haystack.includes(w))) return null;
      const short = fold(item.shortName);
      const whole = words.join(' ');
      const score = whole === item.code || whole === short ? 0 : short.startsWith(whole) ? 1 : 2;
      return { item, score };
    })
    .filter((s): s is { item: LabCatalogueItem; score: number } => s !== null);
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((s) => s.item);
}
