'use client';

import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { personName } from '../session/person-name';
import { useDateFormat } from '../ui/use-date-format';
import type { ConversationMember } from './chat-types';
import { completeMention, type MentionDraft, mentionDraftAt } from './mentions';
import { useTypingSignal } from './typing';

const MAX_SUGGESTIONS = 6;
/** The gateway's limit on a message body. */
const MAX_BODY_LENGTH = 10_000;

/**
 * The "Message" box: Enter sends, Shift+Enter is a new line; `@` offers the other members (arrow keys,
 * Enter or Tab to pick, Escape to dismiss) and inserts `@username`. Typing is signalled to the others.
 */
export function MessageComposer({
  conversationId,
  members,
  myUserId,
  onSend,
}: {
  conversationId: string;
  members: readonly ConversationMember[];
  myUserId: string;
  onSend: (body: string) => void;
}) {
  const [text, setText] = useState('');
  const [mention, setMention] = useState<MentionDraft | null>(null);
  const [active, setActive] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const listboxId = useId();
  const { typed, stopped } = useTypingSignal(conversationId);
  const format = useDateFormat();

  const suggestions = mention
    ? members
        .filter((member) => member.userId !== myUserId)
        .filter((member) =>
          [member.username, member.displayName].some((name) =>
            name.toLowerCase().startsWith(mention.query.toLowerCase()),
          ),
        )
        .slice(0, MAX_SUGGESTIONS)
    : [];
  const showSuggestions = suggestions.length > 0;

  const updateMention = (value: string, caret: number) => {
    const draft = mentionDraftAt(value, caret);
    setMention(draft);
    if (draft?.query !== mention?.query) setActive(0);
  };

  const pick = (member: ConversationMember) => {
    const element = textarea.current;
    if (!element || !mention) return;
    const next = completeMention(text, element.selectionStart, mention, member.username);
    setText(next.text);
    setMention(null);
    // The caret goes after the inserted mention once React has rendered the new value.
    requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(next.caret, next.caret);
    });
  };

  const send = () => {
    const body = text.trim();
    if (!body || body.length > MAX_BODY_LENGTH) return;
    onSend(body);
    setText('');
    setMention(null);
    stopped();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (showSuggestions) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((index) => (index + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(suggestions[Math.min(active, suggestions.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setMention(null);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const activeIndex = Math.min(active, suggestions.length - 1);
  const activeId = showSuggestions ? `${listboxId}-${activeIndex}` : undefined;
  const tooLong = text.length > MAX_BODY_LENGTH;
  return (
    <form className="composer" onSubmit={submit}>
      <div className="composer-input">
        <label htmlFor={`${listboxId}-message`} className="visually-hidden">
          Message
        </label>
        <textarea
          id={`${listboxId}-message`}
          ref={textarea}
          rows={2}
          value={text}
          placeholder="Write a message… (@ to mention)"
          aria-autocomplete="list"
          aria-controls={listboxId}
          aria-activedescendant={activeId}
          aria-invalid={tooLong || undefined}
          onChange={(event) => {
            setText(event.target.value);
            updateMention(event.target.value, event.target.selectionStart);
            if (event.target.value) typed();
            else stopped();
          }}
          onSelect={(event) => updateMention(event.currentTarget.value, event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            stopped();
            setMention(null);
          }}
        />
        <ul
          id={listboxId}
          role="listbox"
          aria-label="Mention someone"
          className="mention-list"
          hidden={!showSuggestions}
        >
          {suggestions.map((member, index) => (
            <li
              key={member.userId}
              id={`${listboxId}-${index}`}
              role="option"
              aria-selected={index === active}
              className="mention-option"
              // Keeps focus in the textarea so the pick lands at the caret.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(member);
              }}
            >
              {personName(member)} <span className="muted">@{member.username}</span>
            </li>
          ))}
        </ul>
        {/* A textarea cannot be a combobox, so this tells screen readers the list opened and what is picked. */}
        <span className="visually-hidden" role="status">
          {showSuggestions ? mentionAnnouncement(suggestions, activeIndex) : ''}
        </span>
        {tooLong && (
          <span className="field-error" role="alert">
            At most {format.count(MAX_BODY_LENGTH)} characters.
          </span>
        )}
      </div>
      <button type="submit" className="button primary" disabled={!text.trim() || tooLong}>
        Send
      </button>
    </form>
  );
}

function mentionAnnouncement(suggestions: readonly ConversationMember[], activeIndex: number): string {
  const matches = suggestions.length === 1 ? '1 person matches' : `${suggestions.length} people match`;
  const active = suggestions[activeIndex];
  return `${matches}, up and down arrows to choose, Enter to pick. ${personName(active)} @${active.username}.`;
}
