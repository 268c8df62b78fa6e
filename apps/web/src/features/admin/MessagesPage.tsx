// Placeholder: replaced by the admin pages work.
export function MessagesPage() {
  return <p>MessagesPage</p>;
}
