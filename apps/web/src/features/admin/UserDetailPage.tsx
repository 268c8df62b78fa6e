// Placeholder: replaced by the admin pages work.
export function UserDetailPage() {
  return <p>UserDetailPage</p>;
}
