// STUB (issue 6 foundation): the medications tab under the patient banner; its owner replaces this.
export function MedicationsTab() {
  return null;
}
