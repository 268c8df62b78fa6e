// Reading the reviewed catalogue files (../data, see SOURCE.md) into rows. Pure apart from
// the file reads; catalogue-loader.ts writes them to the database.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Tricky: resolved from the package root, so the same path works from src/ (tsx) and from
 * the compiled dist/ (same depth), where tsc copies no data.
 */
export const catalogueDir = fileURLToPath(
  new URL('../../../../../src/modules/clinical/medications/data/', import.meta.url),
);

const files = [
  'classes.tsv',
  'ingredients.tsv',
  'products.tsv',
  'cross-sensitivity.tsv',
  'interactions.tsv',
] as const;
type FileName = (typeof files)[number];

export interface CatalogueRows {
  classes: {
    code: string;
    name: string;
    kind: string;
    isDuplicateChecked: boolean;
    isAllergyClass: boolean;
  }[];
  ingredients: {
    rxcui: string;
    name: string;
    classes: string[];
    maxDailyMg: number | null;
    maxDailyNote: string | null;
    source: string;
  }[];
  products: {
    rxcui: string;
    name: string;
    tty: string;
    doseForm: string;
    route: string;
    formUnit: string;
    ingredients: { rxcui: string; mgPerUnit: number }[];
    source: string;
  }[];
  crossSensitivity: {
    allergyClass: string;
    drugClass: string;
    risk: string;
    reason: string;
    source: string;
  }[];
  interactions: {
    id: string;
    groupA: string;
    groupB: string;
    severity: string;
    reason: string;
    management: string | null;
    source: string;
  }[];
  digest: string;
}

/** The rows of a TSV file with a header line, each as header -> value. */
function tsv(text: string, file: string): Record<string, string>[] {
  const [head, ...lines] = text.split('\n').filter((l) => l.trim() !== '');
  if (!head) throw new Error(`${file} is empty`);
  const names = head.split('\t');
  return lines.map((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== names.length) {
      throw new Error(`${file} line ${i + 2}: ${cells.length} cells, expected ${names.length}`);
    }
    return Object.fromEntries(names.map((n, j) => [n, cells[j] ?? '']));
  });
}

const orNull = (s: string | undefined): string | null => (s ? s : null);

/** Reads and parses every catalogue file; throws naming the file and line on bad data. */
export function readCatalogueFiles(dir = catalogueDir): CatalogueRows {
  const texts = Object.fromEntries(
    files.map((f) => [f, readFileSync(`${dir}${f}`, 'utf8')]),
  ) as Record<FileName, string>;
  const digest = createHash('sha256');
  for (const f of files) digest.update(f).update('\0').update(texts[f]).update('\0');
  return {
    classes: tsv(texts['classes.tsv'], 'classes.tsv').map((r) => ({
      code: r['code'] ?? '',
      name: r['name'] ?? '',
      kind: r['kind'] ?? '',
      isDuplicateChecked: r['duplicate_check'] === 'y',
      isAllergyClass: r['allergy_class'] === 'y',
    })),
    ingredients: tsv(texts['ingredients.tsv'], 'ingredients.tsv').map((r) => ({
      rxcui: r['rxcui'] ?? '',
      name: r['name'] ?? '',
      classes: (r['classes'] ?? '').split(',').filter(Boolean),
      maxDailyMg: r['max_daily_mg'] ? Number(r['max_daily_mg']) : null,
      maxDailyNote: orNull(r['max_daily_note']),
      source: r['source'] ?? '',
    })),
    products: tsv(texts['products.tsv'], 'products.tsv').map((r) => ({
      rxcui: r['rxcui'] ?? '',
      name: r['name'] ?? '',
      tty: r['tty'] ?? '',
      doseForm: r['dose_form'] ?? '',
      route: r['route'] ?? '',
      formUnit: r['form_unit'] ?? '',
      ingredients: (r['ingredients_mg_per_unit'] ?? '').split(';').map((part) => {
        const [rxcui = '', mg = ''] = part.split('=');
        return { rxcui, mgPerUnit: Number(mg) };
      }),
      source: r['source'] ?? '',
    })),
    crossSensitivity: tsv(texts['cross-sensitivity.tsv'], 'cross-sensitivity.tsv').map((r) => ({
      allergyClass: r['allergy_class'] ?? '',
      drugClass: r['drug_class'] ?? '',
      risk: r['risk'] ?? '',
      reason: r['reason'] ?? '',
      source: r['source'] ?? '',
    })),
    interactions: tsv(texts['interactions.tsv'], 'interactions.tsv').map((r) => ({
      id: r['id'] ?? '',
      groupA: r['a_class_or_ingredient'] ?? '',
      groupB: r['b_class_or_ingredient'] ?? '',
      severity: r['severity'] ?? '',
      reason: r['reason'] ?? '',
      management: orNull(r['management']),
      source: r['source'] ?? '',
    })),
    digest: digest.digest('hex'),
  };
}
