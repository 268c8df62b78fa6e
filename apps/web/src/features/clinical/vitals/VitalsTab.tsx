// STUB (issue 6 foundation): the vitals tab under the patient banner; its owner replaces this.
export function VitalsTab() {
  return null;
}
