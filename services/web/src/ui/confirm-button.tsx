'use client';

import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import './confirm-button.css';

/**
 * A button for something that cannot be undone, asked twice without a modal: the first press turns it into
 * the question with a confirming button (focused) and Cancel. Escape or Cancel closes it and focus returns to
 * the trigger. While `pending` the confirming button is disabled; the panel closes once the work settles
 * (a deleted item usually unmounts it first).
 */
export function ConfirmButton({
  label,
  ariaLabel,
  question,
  confirmLabel,
  pendingLabel,
  pending = false,
  tone = 'danger',
  layout = 'inline',
  onConfirm,
}: {
  /** The trigger's visible text ("Delete"). */
  label: string;
  /** The trigger's accessible name when the text alone is ambiguous ("Delete task Buy milk"). */
  ariaLabel?: string;
  /** What happens if confirmed; describes the panel for screen readers (the trigger's name names it). */
  question: ReactNode;
  /** The confirming button's text ("Yes, delete"). */
  confirmLabel: string;
  /** The confirming button's text while the work runs ("Deleting…"); `confirmLabel` if not given. */
  pendingLabel?: string;
  pending?: boolean;
  tone?: 'danger' | 'primary';
  /** `inline` sits in a row of actions; `panel` is a boxed block for longer consequences. */
  layout?: 'inline' | 'panel';
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  const wasPending = useRef(pending);
  const questionId = useId();

  // Focus follows the panel: onto the confirming button when it opens, back to the trigger when it closes.
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) triggerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  // The work settled (success or an error shown by the caller): the question has been answered.
  useEffect(() => {
    if (wasPending.current && !pending) setAsking(false);
    wasPending.current = pending;
  }, [pending]);

  if (!asking) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className={tone === 'danger' ? 'danger' : undefined}
        aria-label={ariaLabel}
        disabled={pending}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  const close = () => setAsking(false);
  const Question = layout === 'panel' ? 'p' : 'span';
  return (
    <div
      className={layout === 'panel' ? 'confirm-panel' : 'confirm-inline'}
      role="group"
      aria-label={ariaLabel ?? label}
      aria-describedby={questionId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <Question id={questionId}>{question}</Question>
      <span className="confirm-buttons">
        <button
          ref={confirmRef}
          type="button"
          className={tone}
          disabled={pending}
          aria-busy={pending || undefined}
          onClick={onConfirm}
        >
          {pending && pendingLabel ? pendingLabel : confirmLabel}
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </span>
    </div>
  );
}
