// STUB (issue 6 foundation): the encounters tab under the patient banner; its owner replaces this.
export function EncountersTab() {
  return null;
}
