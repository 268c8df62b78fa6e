// STUB (issue 6 foundation): the problems tab under the patient banner; its owner replaces this.
export function ProblemsTab() {
  return null;
}
