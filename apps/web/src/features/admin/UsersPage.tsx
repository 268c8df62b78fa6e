// Placeholder: replaced by the admin pages work.
export function UsersPage() {
  return <p>UsersPage</p>;
}
