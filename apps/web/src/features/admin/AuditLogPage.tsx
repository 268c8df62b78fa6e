// Placeholder: replaced by the admin pages work.
export function AuditLogPage() {
  return <p>AuditLogPage</p>;
}
