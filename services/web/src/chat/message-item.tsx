'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import { personName } from '../session/person-name';
import { ConfirmButton } from '../ui/confirm-button';
import { ProblemAlert } from '../ui/problem-alert';
import { useDateFormat } from '../ui/use-date-format';
import type { ConversationMember, Message } from './chat-types';
import type { PendingMessage } from './conversation-timeline';
import { splitMentions } from './mentions';

/** The small reaction picker: a handful of common emojis. */
const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

interface Viewer {
  userId: string;
  username: string;
}

function senderName(members: readonly ConversationMember[], senderId: string): string {
  const member = members.find((candidate) => candidate.userId === senderId);
  return member ? personName(member) : 'Former member';
}

/** A body with `@username` mentions marked, the reader's own highlighted. */
export function MessageBody({ body, viewer }: { body: string; viewer: Viewer }) {
  return (
    <p className="message-body">
      {splitMentions(body).map((part, index) =>
        part.kind === 'text' ? (
          part.text
        ) : part.username.toLowerCase() === viewer.username.toLowerCase() ? (
          <mark key={index} className="mention mention-me">
            @{part.username}
          </mark>
        ) : (
          <span key={index} className="mention">
            @{part.username}
          </span>
        ),
      )}
    </p>
  );
}

export function MessageItem({
  message,
  members,
  viewer,
  onChanged,
}: {
  message: Message;
  members: readonly ConversationMember[];
  viewer: Viewer;
  onChanged: (message: Message) => void;
}) {
  const { api } = useApi();
  const format = useDateFormat();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const [picking, setPicking] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const own = message.senderId === viewer.userId;
  const deleted = message.deletedAt !== null;
  const mentionsMe = message.mentions.includes(viewer.userId);

  const edit = useMutation({
    mutationFn: (body: string) =>
      unwrap(api.PATCH('/api/v1/messages/{id}', { params: { path: { id: message.id } }, body: { body } })),
    onSuccess: ({ message: edited }) => {
      onChanged(edited);
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/messages/{id}', { params: { path: { id: message.id } } })),
    // 204 carries no message: show it deleted now (the socket's message:deleted may be late or lost).
    onSuccess: () =>
      onChanged({
        ...message,
        body: '',
        attachments: [],
        mentions: [],
        reactions: [],
        deletedAt: new Date().toISOString(),
      }),
  });
  const react = useMutation({
    mutationFn: ({ emoji, mine }: { emoji: string; mine: boolean }) =>
      unwrap(
        mine
          ? api.DELETE('/api/v1/messages/{id}/reactions/{emoji}', {
              params: { path: { id: message.id, emoji } },
            })
          : api.POST('/api/v1/messages/{id}/reactions', {
              params: { path: { id: message.id } },
              body: { emoji },
            }),
      ),
    onSuccess: ({ message: reacted }) => {
      onChanged(reacted);
      setPicking(false);
    },
  });

  // Closing the editor unmounts the focused textarea: focus goes back to the Edit button, not to <body>.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const toggleReaction = (emoji: string) => {
    const mine = message.reactions.some(
      (reaction) => reaction.emoji === emoji && reaction.userIds.includes(viewer.userId),
    );
    react.mutate({ emoji, mine });
  };

  const saveEdit = (event: FormEvent) => {
    event.preventDefault();
    const body = draft.trim();
    if (!body || body === message.body) {
      setEditing(false);
      return;
    }
    edit.mutate(body);
  };

  const classes = ['message', own ? 'message-own' : '', mentionsMe ? 'message-mentions-me' : ''].join(' ');
  return (
    <li className={classes}>
      <div className="message-meta">
        <strong>{own ? 'You' : senderName(members, message.senderId)}</strong>{' '}
        <time className="muted" dateTime={message.createdAt} title={format.dateTime(message.createdAt)}>
          {format.time(message.createdAt)}
        </time>
        {message.editedAt && !deleted && <span className="muted"> (edited)</span>}
      </div>
      {deleted ? (
        <p className="message-body message-deleted muted">Message deleted</p>
      ) : editing ? (
        <form onSubmit={saveEdit} className="message-edit">
          <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
            Edit message
          </label>
          <textarea
            id={`edit-${message.id}`}
            value={draft}
            rows={2}
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false);
            }}
          />
          <button type="submit" className="button primary" disabled={edit.isPending}>
            Save
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
          <ProblemAlert error={edit.error} />
        </form>
      ) : (
        <MessageBody body={message.body} viewer={viewer} />
      )}
      {!deleted && (
        <div className="message-reactions">
          {message.reactions.map((reaction) => {
            const mine = reaction.userIds.includes(viewer.userId);
            return (
              <button
                key={reaction.emoji}
                type="button"
                className="reaction-chip"
                aria-pressed={mine}
                aria-label={`${reaction.emoji} ${reaction.count}${mine ? ', yours' : ''}`}
                disabled={react.isPending}
                onClick={() => toggleReaction(reaction.emoji)}
              >
                {reaction.emoji} {reaction.count}
              </button>
            );
          })}
          <button
            type="button"
            className="message-action"
            aria-expanded={picking}
            onClick={() => setPicking((value) => !value)}
          >
            <span aria-hidden="true">☺+</span>
            <span className="visually-hidden">Add reaction</span>
          </button>
          {picking && (
            <span className="reaction-picker" role="group" aria-label="Pick a reaction">
              {QUICK_REACTIONS.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  className="reaction-choice"
                  disabled={react.isPending}
                  onClick={() => toggleReaction(emoji)}
                >
                  {emoji}
                </button>
              ))}
            </span>
          )}
          {own && !editing && (
            <>
              <button
                ref={editButton}
                type="button"
                className="message-action"
                onClick={() => {
                  setDraft(message.body);
                  setEditing(true);
                }}
              >
                Edit
              </button>
              <ConfirmButton
                label="Delete"
                question="Delete this message?"
                confirmLabel="Delete message"
                pendingLabel="Deleting…"
                pending={remove.isPending}
                onConfirm={() => remove.mutate()}
              />
            </>
          )}
        </div>
      )}
      <ProblemAlert error={react.error ?? remove.error} />
    </li>
  );
}

/** A message on its way: "Sending…", or why it failed with a retry. */
export function PendingItem({
  pending,
  viewer,
  onRetry,
}: {
  pending: PendingMessage;
  viewer: Viewer;
  onRetry: (clientId: string) => void;
}) {
  return (
    <li className="message message-own message-pending">
      <div className="message-meta">
        <strong>You</strong> <span className="muted">{pending.failed ? 'Not sent' : 'Sending…'}</span>
      </div>
      <MessageBody body={pending.body} viewer={viewer} />
      {pending.failed && (
        <div className="alert" role="alert">
          {pending.failure ?? 'The message could not be sent.'}{' '}
          <button type="button" className="link" onClick={() => onRetry(pending.clientId)}>
            Retry
          </button>
        </div>
      )}
    </li>
  );
}
