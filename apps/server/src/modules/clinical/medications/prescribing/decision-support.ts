// Decision support at signing, as pure functions of the facts cds.repository.ts gathers:
// drug-allergy (ingredient, class, class cross-sensitivity), drug-drug interactions (the
// PDDI-CDS and ONC rules in ../data/interactions.tsv), duplicate therapy, and the maximum
// daily dose. A check that cannot run says so as an alert of its own: never a silent pass.
import {
  doseMg,
  frequencyDefs,
  maxDosesPerDay,
  type AlertSeverity,
  type CheckResult,
  type DoseUnit,
  type FrequencyCode,
  type MedicationAlert,
} from '@meridian/contracts';

export interface DrugIngredientFacts {
  rxcui: string;
  name: string;
  mgPerUnit: number;
  /** Every class the ingredient belongs to (pharmacologic and interaction groups). */
  classes: string[];
  maxDailyMg: number | null;
  maxDailyNote: string | null;
}

export interface CandidateFacts {
  productRxcui: string;
  productName: string;
  /** Null when the catalogue lacks the product. */
  ingredients: DrugIngredientFacts[] | null;
  route: string;
  doseValue: number;
  doseUnit: DoseUnit;
  frequency: FrequencyCode;
  isPrn: boolean;
  prnMaxDosesPerDay: number | null;
}

/** Another drug the patient takes: an active prescription or home medication. */
export interface OtherDrug {
  kind: 'prescription' | 'home_medication';
  id: string;
  display: string;
  route: string | null;
  /** Null when it is free text or its product is not in the catalogue. */
  ingredients: { rxcui: string; name: string; classes: string[] }[] | null;
  /** mg per day of each ingredient when the order says (prescriptions), by rxcui. */
  dailyMg: Record<string, number>;
}

export interface AllergyFacts {
  id: string;
  category: string;
  substanceSystem: 'rxnorm' | 'drug-class' | 'snomed' | 'text';
  substanceCode: string | null;
  substanceDisplay: string;
  criticality: string;
  /** For an ingredient allergy: the ingredient's allergy classes (penicillins, NSAIDs). */
  ingredientAllergyClasses: string[];
}

export interface InteractionRule {
  id: string;
  groupA: string;
  groupB: string;
  severity: AlertSeverity;
  reason: string;
  management: string | null;
  source: string;
}

export interface CrossSensitivity {
  allergyClass: string;
  drugClass: string;
  risk: 'low' | 'moderate' | 'high';
  reason: string;
  source: string;
}

export interface Knowledge {
  rules: InteractionRule[];
  crossSensitivity: CrossSensitivity[];
  /** Pharmacologic classes checked for duplicate therapy, code -> name. */
  duplicateClasses: Record<string, string>;
  classNames: Record<string, string>;
}

export interface CheckFacts {
  candidate: CandidateFacts;
  others: OtherDrug[];
  /** Null when the allergy list could not be read. */
  allergies: AllergyFacts[] | null;
  knowledge: Knowledge;
  ageYears: number | null;
}

const catalogueSource =
  'Meridian drug catalogue (apps/server/src/modules/clinical/medications/data)';

function alert(a: Omit<MedicationAlert, 'management' | 'factors'> & Partial<MedicationAlert>) {
  return { management: null, factors: [], ...a } satisfies MedicationAlert;
}

/** Runs every check; the answer lists the alerts and which checks ran. */
export function evaluatePrescription(f: CheckFacts): Omit<CheckResult, 'prescriptionId'> {
  const ingredients = f.candidate.ingredients;
  if (!ingredients || ingredients.length === 0) {
    return {
      alerts: [
        alert({
          key: `cds.product_not_in_catalogue:${f.candidate.productRxcui}`,
          ruleId: 'cds.product_not_in_catalogue',
          kind: 'check_unavailable',
          severity: 'high',
          reason: `Checks could not run: ${f.candidate.productName} (RxCUI ${f.candidate.productRxcui}) has no ingredients in the drug catalogue, so allergy, interaction, duplicate and dose checks were not done.`,
          source: catalogueSource,
        }),
      ],
      checks: { allergy: 'failed', interaction: 'failed', duplicate: 'failed', maxDose: 'failed' },
    };
  }
  const alerts: MedicationAlert[] = [];
  const allergy = allergyAlerts(f, ingredients, alerts);
  interactionAlerts(f, ingredients, alerts);
  duplicateAlerts(f, ingredients, alerts);
  const maxDose = maxDoseAlerts(f, ingredients, alerts);
  uncodedAlerts(f, alerts);
  return {
    alerts,
    checks: { allergy, interaction: 'ran', duplicate: 'ran', maxDose },
  };
}

function classesOf(ings: readonly { classes: string[] }[]): Set<string> {
  return new Set(ings.flatMap((i) => i.classes));
}

function allergyAlerts(
  f: CheckFacts,
  ings: DrugIngredientFacts[],
  out: MedicationAlert[],
): 'ran' | 'failed' {
  if (f.allergies === null) {
    out.push(
      alert({
        key: 'cds.allergy_check_failed',
        ruleId: 'cds.allergy_check_failed',
        kind: 'check_unavailable',
        severity: 'high',
        reason:
          'The allergy check could not run: the allergy list could not be read. Check the allergy record before signing.',
        source: 'Meridian decision support',
      }),
    );
    return 'failed';
  }
  const drugClasses = classesOf(ings);
  const name = f.candidate.productName;
  for (const a of f.allergies) {
    const critical = a.criticality === 'high';
    if (a.substanceSystem === 'rxnorm' && a.substanceCode) {
      const hit = ings.find((i) => i.rxcui === a.substanceCode);
      if (hit) {
        out.push(
          alert({
            key: `allergy.ingredient:${a.id}`,
            ruleId: 'allergy.ingredient',
            kind: 'allergy',
            severity: critical ? 'contraindicated' : 'high',
            reason: `${name} contains ${hit.name}, to which the patient has a recorded allergy (${a.substanceDisplay}).`,
            source: catalogueSource,
          }),
        );
        continue;
      }
    }
    // An ingredient allergy extends to its allergy classes (amoxicillin -> penicillins).
    const allergyClasses =
      a.substanceSystem === 'drug-class' && a.substanceCode
        ? [a.substanceCode]
        : a.substanceSystem === 'rxnorm'
          ? a.ingredientAllergyClasses
          : [];
    const shared = allergyClasses.find((c) => drugClasses.has(c));
    if (shared) {
      out.push(
        alert({
          key: `allergy.class:${a.id}`,
          ruleId: 'allergy.class',
          kind: 'allergy',
          severity: critical ? 'contraindicated' : 'high',
          reason: `${name} belongs to ${f.knowledge.classNames[shared] ?? shared}, and the patient has a recorded allergy to ${a.substanceDisplay}.`,
          source: catalogueSource,
        }),
      );
      continue;
    }
    crossSensitivityAlert(f, a, allergyClasses, drugClasses, out);
    if (
      (a.category === 'medication' || a.category === 'biologic') &&
      (a.substanceSystem === 'text' || a.substanceSystem === 'snomed')
    ) {
      out.push(
        alert({
          key: `cds.allergy_not_coded:${a.id}`,
          ruleId: 'cds.allergy_not_coded',
          kind: 'check_unavailable',
          severity: 'moderate',
          reason: `The drug allergy "${a.substanceDisplay}" is not coded as an RxNorm ingredient or drug class, so it could not be checked against ${name}. Check it yourself.`,
          source: 'Meridian decision support',
        }),
      );
    }
  }
  return 'ran';
}

function crossSensitivityAlert(
  f: CheckFacts,
  a: AllergyFacts,
  allergyClasses: string[],
  drugClasses: Set<string>,
  out: MedicationAlert[],
): void {
  const link = f.knowledge.crossSensitivity.find(
    (c) => allergyClasses.includes(c.allergyClass) && drugClasses.has(c.drugClass),
  );
  if (!link) return;
  out.push(
    alert({
      key: `allergy.cross_sensitivity:${a.id}:${link.drugClass}`,
      ruleId: `allergy.cross_sensitivity.${link.allergyClass}-${link.drugClass}`,
      kind: 'allergy',
      severity: link.risk === 'low' ? 'moderate' : 'high',
      reason: `${f.candidate.productName} is a ${f.knowledge.classNames[link.drugClass] ?? link.drugClass} drug; the patient is allergic to ${a.substanceDisplay}. ${link.reason}`,
      source: link.source,
    }),
  );
}

/** The ingredients of `ings` in a rule's group ('in:<rxcui>' or 'class:<code>'). */
function inGroup(group: string, ings: readonly { rxcui: string; classes: string[] }[]): string[] {
  const [type, code = ''] = group.split(':');
  return ings
    .filter((i) => (type === 'in' ? i.rxcui === code : i.classes.includes(code)))
    .map((i) => i.rxcui);
}

function interactionAlerts(f: CheckFacts, ings: DrugIngredientFacts[], out: MedicationAlert[]) {
  for (const other of f.others) {
    if (!other.ingredients) continue;
    for (const rule of f.knowledge.rules) {
      const forward =
        inGroup(rule.groupA, ings).length > 0 && inGroup(rule.groupB, other.ingredients).length > 0;
      const backward =
        inGroup(rule.groupB, ings).length > 0 && inGroup(rule.groupA, other.ingredients).length > 0;
      if (!forward && !backward) continue;
      if (rule.groupA === rule.groupB) {
        // Same group on both sides (two QT prolongers): two different ingredients.
        const mine = new Set(inGroup(rule.groupA, ings));
        const theirs = inGroup(rule.groupA, other.ingredients);
        if (theirs.every((r) => mine.has(r)) && mine.size === 1) continue;
      }
      const nsaidSide = inGroup('class:nsaids', ings).length > 0 ? f.candidate.route : other.route;
      const context =
        rule.id === 'pddi.warfarin-nsaids'
          ? warfarinNsaidContext(f, other, nsaidSide)
          : { severity: rule.severity, factors: [] };
      out.push(
        alert({
          key: `${rule.id}:${other.id}`,
          ruleId: rule.id,
          kind: 'interaction',
          severity: context.severity,
          reason: `${f.candidate.productName} with ${other.display} (${other.kind === 'prescription' ? 'active prescription' : 'home medication'}): ${rule.reason}`,
          management: rule.management,
          source: rule.source,
          factors: context.factors,
        }),
      );
    }
  }
}

/**
 * The PDDI-CDS warfarin + NSAID context factors (PlanDefinition cards 1-4): topical
 * diclofenac lowers the severity; age 65+, a systemic corticosteroid or an aldosterone
 * antagonist raise the risk; a PPI or misoprostol may reduce it.
 */
function warfarinNsaidContext(
  f: CheckFacts,
  pairOther: OtherDrug,
  nsaidRoute: string | null,
): { severity: AlertSeverity; factors: string[] } {
  const factors: string[] = [];
  const topical = nsaidRoute === 'topical' || nsaidRoute === 'transdermal';
  if (topical) factors.push('topical NSAID: low systemic absorption, lower bleeding risk');
  if (f.ageYears !== null && f.ageYears >= 65) {
    factors.push('patient is 65 or older: upper GI bleeding risk increases with age');
  }
  const rest = [
    ...(f.candidate.ingredients ?? []),
    ...f.others.filter((o) => o.id !== pairOther.id).flatMap((o) => o.ingredients ?? []),
  ];
  const has = (c: string) => rest.some((i) => i.classes.includes(c));
  if (has('systemic-corticosteroids')) {
    factors.push('also on a systemic corticosteroid: upper GI bleeding risk substantially higher');
  }
  if (has('aldosterone-antagonists')) {
    factors.push('also on an aldosterone antagonist: upper GI bleeding risk substantially higher');
  }
  if (has('ppi') || has('prostaglandin-analogues')) {
    factors.push(
      'on a proton pump inhibitor or misoprostol: may reduce the upper GI bleeding risk',
    );
  }
  return { severity: topical ? 'moderate' : 'high', factors };
}

function duplicateAlerts(f: CheckFacts, ings: DrugIngredientFacts[], out: MedicationAlert[]) {
  const mine = new Map(ings.map((i) => [i.rxcui, i.name]));
  const myClasses = classesOf(ings);
  for (const other of f.others) {
    if (!other.ingredients) continue;
    const shared = other.ingredients.find((i) => mine.has(i.rxcui));
    const where = other.kind === 'prescription' ? 'an active prescription' : 'a home medication';
    if (shared) {
      out.push(
        alert({
          key: `duplicate.same_ingredient:${other.id}`,
          ruleId: 'duplicate.same_ingredient',
          kind: 'duplicate',
          severity: 'moderate',
          reason: `Duplicate therapy: ${shared.name} is also in ${other.display} (${where}).`,
          source: catalogueSource,
        }),
      );
      continue;
    }
    const cls = [...classesOf(other.ingredients)].find(
      (c) => myClasses.has(c) && f.knowledge.duplicateClasses[c] !== undefined,
    );
    if (cls) {
      out.push(
        alert({
          key: `duplicate.same_class:${other.id}:${cls}`,
          ruleId: 'duplicate.same_class',
          kind: 'duplicate',
          severity: 'moderate',
          reason: `Duplicate therapy: ${other.display} (${where}) is also ${f.knowledge.duplicateClasses[cls] ?? cls}.`,
          source: catalogueSource,
        }),
      );
    }
  }
}

const mgText = (n: number) => `${Math.round(n * 100) / 100} mg`;

function maxDoseAlerts(
  f: CheckFacts,
  ings: DrugIngredientFacts[],
  out: MedicationAlert[],
): 'ran' | 'failed' {
  const c = f.candidate;
  const perDay = maxDosesPerDay({
    frequency: c.frequency,
    isPrn: c.isPrn,
    prnMaxDosesPerDay: c.prnMaxDosesPerDay,
  });
  const isMass = c.doseUnit === 'mg' || c.doseUnit === 'mcg' || c.doseUnit === 'g';
  let result: 'ran' | 'failed' = 'ran';
  for (const ing of ings) {
    if (ing.maxDailyMg === null) continue;
    // A mass dose of a combination product does not say how much of each ingredient.
    const dose = isMass && ings.length > 1 ? null : doseMg(c.doseValue, c.doseUnit, ing.mgPerUnit);
    if (dose === null) {
      result = 'failed';
      out.push(
        alert({
          key: `cds.max_dose_unavailable:${ing.rxcui}`,
          ruleId: 'cds.max_dose_unavailable',
          kind: 'check_unavailable',
          severity: 'moderate',
          reason: `The maximum daily dose of ${ing.name} (${mgText(ing.maxDailyMg)}/day) could not be checked: the dose is not in a unit that gives mg of ${ing.name}.`,
          source: catalogueSource,
        }),
      );
      continue;
    }
    const mine = dose * perDay;
    const elsewhere = f.others.reduce((sum, o) => sum + (o.dailyMg[ing.rxcui] ?? 0), 0);
    const total = mine + elsewhere;
    if (total <= ing.maxDailyMg + 1e-9) continue;
    const freq = frequencyDefs[c.frequency].text;
    out.push(
      alert({
        key: `max_dose.daily:${ing.rxcui}`,
        ruleId: 'max_dose.daily',
        kind: 'max_dose',
        severity: 'high',
        reason:
          `${ing.name}: ${mgText(mine)}/day ordered (${mgText(dose)} ${freq}, up to ${perDay} doses)` +
          (elsewhere > 0 ? ` plus ${mgText(elsewhere)}/day in other active prescriptions` : '') +
          ` exceeds the maximum of ${mgText(ing.maxDailyMg)}/day.` +
          (ing.maxDailyNote ? ` ${ing.maxDailyNote}.` : ''),
        source: `${catalogueSource}; FDA-approved labelling`,
      }),
    );
  }
  return result;
}

function uncodedAlerts(f: CheckFacts, out: MedicationAlert[]) {
  for (const other of f.others) {
    if (other.ingredients) continue;
    out.push(
      alert({
        key: `cds.medication_not_coded:${other.id}`,
        ruleId: 'cds.medication_not_coded',
        kind: 'check_unavailable',
        severity: 'moderate',
        reason: `"${other.display}" (${other.kind === 'prescription' ? 'active prescription' : 'home medication'}) is not coded in the drug catalogue, so interactions and duplicate therapy with it were not checked.`,
        source: 'Meridian decision support',
      }),
    );
  }
}
