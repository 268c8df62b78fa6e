import { describe, expect, it } from 'vitest';
import { prescriptionInstructions } from '@meridian/contracts';
import { readCatalogueFiles } from './catalogue-files.js';

const rows = readCatalogueFiles();
const classes = new Set(rows.classes.map((c) => c.code));
const ingredients = new Set(rows.ingredients.map((i) => i.rxcui));

describe('the catalogue files', () => {
  it('hold a few hundred drugs with unique rxcuis', () => {
    expect(rows.ingredients.length).toBeGreaterThan(200);
    expect(rows.products.length).toBeGreaterThan(200);
    expect(ingredients.size).toBe(rows.ingredients.length);
    expect(new Set(rows.products.map((p) => p.rxcui)).size).toBe(rows.products.length);
  });

  it('name only known classes and ingredients', () => {
    for (const i of rows.ingredients) for (const c of i.classes) expect(classes, c).toContain(c);
    for (const p of rows.products) {
      expect(p.ingredients.length, p.name).toBeGreaterThan(0);
      for (const i of p.ingredients) {
        expect(ingredients, `${p.name}: ${i.rxcui}`).toContain(i.rxcui);
        expect(i.mgPerUnit, p.name).toBeGreaterThan(0);
      }
    }
    for (const r of rows.interactions) {
      for (const g of [r.groupA, r.groupB]) {
        const [type, code = ''] = g.split(':');
        expect(type === 'in' ? ingredients : classes, `${r.id}: ${g}`).toContain(code);
      }
    }
    for (const c of rows.crossSensitivity) {
      expect(classes).toContain(c.allergyClass);
      expect(classes).toContain(c.drugClass);
    }
  });

  it('encode the two PDDI-CDS rules and the 15 ONC high-priority pairs with sources', () => {
    const ids = rows.interactions.map((r) => r.id);
    expect(ids.filter((id) => id.startsWith('pddi.'))).toEqual([
      'pddi.warfarin-nsaids',
      'pddi.digoxin-cyclosporine',
    ]);
    // The ONC list groups statins and ergots with "CYP3A4 and protease inhibitors": two rows each.
    expect(ids.filter((id) => id.startsWith('onc.'))).toHaveLength(17);
    for (const r of rows.interactions) expect(r.source.length, r.id).toBeGreaterThan(20);
  });

  it("know the demo patient's warfarin (855332) as warfarin 5 mg", () => {
    expect(rows.products.find((p) => p.rxcui === '855332')?.ingredients).toEqual([
      { rxcui: '11289', mgPerUnit: 5 },
    ]);
  });
});

describe('generated instructions', () => {
  it.each([
    [
      {
        doseValue: 1,
        doseUnit: 'tablet',
        route: 'oral',
        frequency: 'q8h',
        isPrn: true,
        prnReason: 'pain',
        durationDays: 5,
      },
      { formUnit: 'tablet', mgPerUnit: 400 },
      'Take 1 tablet (400 mg) by mouth every 8 hours as needed for pain for 5 days',
    ],
    [
      { doseValue: 10, doseUnit: 'mg', route: 'oral', frequency: 'once_daily', isPrn: false },
      { formUnit: 'tablet', mgPerUnit: 5 },
      'Take 10 mg (2 tablets) by mouth once daily',
    ],
    [
      {
        doseValue: 2,
        doseUnit: 'actuation',
        route: 'inhalation',
        frequency: 'q4h',
        isPrn: true,
        prnMaxDosesPerDay: 4,
      },
      { formUnit: 'actuation', mgPerUnit: 0.09 },
      'Inhale 2 puffs (0.18 mg) by inhalation every 4 hours as needed (no more than 4 doses in 24 hours)',
    ],
  ] as const)('%j -> %s', (order, product, text) => {
    expect(prescriptionInstructions({ ...order, product })).toBe(text);
  });
});
