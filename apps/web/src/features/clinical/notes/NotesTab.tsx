// STUB (issue 6 foundation): the notes tab under the patient banner; its owner replaces this.
export function NotesTab() {
  return null;
}
