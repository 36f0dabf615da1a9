/**
 * An unread count: the number for the eye, "N unread" for screen readers (they ignore an aria-label on a
 * span without a role).
 */
export function UnreadBadge({ count }: { count: number }) {
  return (
    <span className="badge">
      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
      <span className="visually-hidden">{count} unread</span>
    </span>
  );
}
