// Placeholder: replaced by the admin pages work.
export function OrganizationPage() {
  return <p>OrganizationPage</p>;
}
