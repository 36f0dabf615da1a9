/** Moves focus to the first field marked invalid, once React has rendered the messages. */
export function focusFirstInvalidField(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
