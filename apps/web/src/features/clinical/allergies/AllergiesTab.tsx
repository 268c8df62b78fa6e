// STUB (issue 6 foundation): the allergies tab under the patient banner; its owner replaces this.
export function AllergiesTab() {
  return null;
}
