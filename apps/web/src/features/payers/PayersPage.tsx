// Placeholder: the payer directory (being built).
export function PayersPage() {
  return <div />;
}
