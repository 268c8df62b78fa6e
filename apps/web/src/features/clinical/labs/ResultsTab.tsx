// STUB (issue 6 foundation): the labs tab under the patient banner; its owner replaces this.
export function ResultsTab() {
  return null;
}
