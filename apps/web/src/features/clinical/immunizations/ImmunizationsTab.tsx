// STUB (issue 6 foundation): the immunizations tab under the patient banner; its owner replaces this.
export function ImmunizationsTab() {
  return null;
}
