/** A request in flight: announced to screen readers, visible as a spinner. */
export function LoadingState({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="loading-state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> <span>{label}…</span>
    </div>
  );
}
