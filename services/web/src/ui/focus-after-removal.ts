// Long enough for a delete's list refetch on a slow connection; after that the person has moved on.
const WATCH_MS = 10_000;

/**
 * After a delete, the focused row unmounts (often only once the list refetches) and focus would fall to
 * <body>. This waits until the element `removedId` has left the page, then, if focus was indeed lost, puts it
 * on `targetId` (a heading with tabIndex -1). Focus the person moved elsewhere meanwhile is left alone.
 */
export function focusAfterRemoval(targetId: string, removedId: string): void {
  const deadline = performance.now() + WATCH_MS;
  const check = () => {
    if (document.getElementById(removedId)) {
      if (performance.now() < deadline) requestAnimationFrame(check);
      return;
    }
    if (document.activeElement === null || document.activeElement === document.body) {
      document.getElementById(targetId)?.focus();
    }
  };
  requestAnimationFrame(check);
}
