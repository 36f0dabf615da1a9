'use client';

import { useEffect, useRef, useState } from 'react';
import type { CreatedToken } from './create-token-form';

/** The new token's secret, this once: the server keeps only a hash, so it cannot be shown again. */
export function CreatedTokenPanel({ created, onDismiss }: { created: CreatedToken; onDismiss: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => headingRef.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };
  return (
    <div className="secret-panel">
      <h3 ref={headingRef} tabIndex={-1}>
        Token “{created.name}” created
      </h3>
      <p className="secret-warning">Copy it now: it will not be shown again.</p>
      <label className="field-label" htmlFor="created-token-secret">
        Secret
      </label>
      <input
        id="created-token-secret"
        className="secret-value"
        readOnly
        value={created.secret}
        onFocus={(event) => event.target.select()}
        spellCheck={false}
        autoComplete="off"
      />
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDismiss}>
          Done, hide the secret
        </button>
        <span role="status" className="muted">
          {copyState === 'copied' && 'Copied to the clipboard.'}
          {copyState === 'failed' && 'Copying was refused; select the secret and copy it yourself.'}
        </span>
      </div>
    </div>
  );
}
