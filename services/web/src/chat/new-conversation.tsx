'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import type { Answer } from '../api/api-types';
import { fieldErrorsFromProblem } from '../forms/form-errors';
import { personName } from '../session/person-name';
import { useSession } from '../session/session-context';
import { FormField } from '../ui/form-field';
import { LoadingState } from '../ui/loading-state';
import { ProblemAlert } from '../ui/problem-alert';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { CONVERSATIONS_QUERY_KEY } from './conversations-query';
import { newIdempotencyKey } from '../api/idempotency-key';

type Person = Answer<'/api/v1/users'>['items'][number];
const SEARCH_DEBOUNCE_MS = 250;

/** "New conversation": pick people from the directory, name a group, start (or reopen a direct one). */
export function NewConversation() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // Closing the form puts focus back on the button that opened it.
  useEffect(() => {
    if (!open && wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  if (!open) {
    return (
      <button type="button" className="button primary" ref={opener} onClick={() => setOpen(true)}>
        New conversation
      </button>
    );
  }
  return <NewConversationForm onClose={() => setOpen(false)} />;
}

function NewConversationForm({ onClose }: { onClose: () => void }) {
  const { api } = useApi();
  const { user } = useSession();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const query = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const [chosen, setChosen] = useState<Person[]>([]);
  const [title, setTitle] = useState('');
  const [peopleError, setPeopleError] = useState<string | undefined>();
  const searchRef = useRef<HTMLInputElement>(null);
  const resultsId = useId();

  useEffect(() => searchRef.current?.focus(), []);

  const directory = useQuery({
    queryKey: ['chat', 'people', query],
    queryFn: () =>
      unwrap(api.GET('/api/v1/users', { params: { query: { query: query || undefined, limit: 20 } } })),
    staleTime: 30_000,
  });
  const people = (directory.data?.items ?? []).filter((person) => person.id !== user.id);
  const isGroup = chosen.length > 1;

  const start = useMutation({
    mutationFn: (idempotencyKey: string) =>
      unwrap(
        api.POST('/api/v1/conversations', {
          params: { header: { 'Idempotency-Key': idempotencyKey } },
          body: {
            type: isGroup ? 'group' : 'direct',
            memberIds: chosen.map((person) => person.id),
            ...(isGroup && title.trim() ? { title: title.trim() } : {}),
          },
        }),
      ),
    onSuccess: ({ conversation }) => {
      void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_QUERY_KEY });
      onClose();
      router.push(`/chat/${conversation.id}`);
    },
  });
  const serverErrors = fieldErrorsFromProblem(start.error, ['memberIds', 'title', 'type'] as const);

  const toggle = (person: Person) => {
    setPeopleError(undefined);
    setChosen((current) =>
      current.some((other) => other.id === person.id)
        ? current.filter((other) => other.id !== person.id)
        : [...current, person],
    );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) {
      setPeopleError('Choose at least one person.');
      searchRef.current?.focus();
      return;
    }
    start.mutate(newIdempotencyKey());
  };

  return (
    <form
      className="new-conversation card"
      onSubmit={submit}
      aria-labelledby={`${resultsId}-heading`}
      noValidate
    >
      <h2 id={`${resultsId}-heading`}>New conversation</h2>
      <FormField
        label="People"
        hint="Search by name or username, then tick everyone to include."
        error={peopleError ?? serverErrors.memberIds}
      >
        <input
          ref={searchRef}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          aria-controls={resultsId}
          autoComplete="off"
        />
      </FormField>
      {chosen.length > 0 && (
        <ul className="chosen-people" aria-label="Selected">
          {chosen.map((person) => (
            <li key={person.id} className="tag">
              {personName(person)}
              <button type="button" className="link" onClick={() => toggle(person)}>
                <span aria-hidden="true">×</span>
                <span className="visually-hidden">Remove {personName(person)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div id={resultsId} className="people-results" aria-live="polite">
        {directory.isPending && <LoadingState label="Searching people" />}
        <ProblemAlert error={directory.error} onRetry={() => void directory.refetch()} />
        {directory.data && people.length === 0 && <p className="muted">Nobody matches “{query}”.</p>}
        <ul aria-label="Directory matches">
          {people.map((person) => (
            <li key={person.id}>
              <label className="person-option">
                <input
                  type="checkbox"
                  checked={chosen.some((other) => other.id === person.id)}
                  onChange={() => toggle(person)}
                />
                <span>
                  {personName(person)} <span className="muted">@{person.username}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </div>
      {isGroup && (
        <FormField label="Title" hint="Optional: a name for the group." error={serverErrors.title}>
          <input value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} />
        </FormField>
      )}
      <ProblemAlert error={start.error} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start conversation'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
