// Placeholder: the admin merge tool (being built).
export function MergePage() {
  return <div />;
}
