'use client';

import { useState } from 'react';
import { personName } from '../../session/person-name';
import { FormField } from '../../ui/form-field';
import { LoadingState } from '../../ui/loading-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { usePeopleSearch, useInviteToChallenge } from './challenge-queries';

/** Search once typing pauses, not per keystroke: fewer requests, and a result list that holds still. */
const SEARCH_DELAY_MS = 300;

/** The owner lets people see and join an invite-only challenge, one person at a time. */
export function ChallengeInvitePanel({ challengeId }: { challengeId: string }) {
  const [query, setQuery] = useState('');
  const [invited, setInvited] = useState<{ id: string; name: string }[]>([]);
  const searched = useDebouncedValue(query.trim(), SEARCH_DELAY_MS);
  const people = usePeopleSearch(searched);
  const found = searched && people.data ? people.data.items : null;
  const invite = useInviteToChallenge(challengeId);
  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite people</h2>
      <FormField label="Find people" hint="Search by name or username.">
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
      </FormField>
      {people.isFetching && !people.data && <LoadingState label="Searching" />}
      <ProblemAlert error={people.error} />
      {found && (
        <ul className="people-results" aria-label="People found">
          {found.length === 0 && <li className="muted">Nobody matches “{searched}”.</li>}
          {found.map((person) => {
            const name = personName(person);
            const alreadyInvited = invited.some((someone) => someone.id === person.id);
            return (
              <li key={person.id}>
                <span>
                  {name} <span className="muted">@{person.username}</span>
                </span>
                <button
                  type="button"
                  disabled={invite.isPending || alreadyInvited}
                  aria-label={`Invite ${name}`}
                  onClick={() =>
                    invite.mutate([person.id], {
                      onSuccess: () => setInvited((current) => [...current, { id: person.id, name }]),
                    })
                  }
                >
                  {alreadyInvited ? 'Invited' : 'Invite'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <p role="status" className="visually-hidden">
        {found && `${found.length} ${found.length === 1 ? 'person' : 'people'} found`}
      </p>
      <ProblemAlert error={invite.error} />
      <div role="status" aria-live="polite">
        {invited.length > 0 && <p>Invited {invited.map((someone) => someone.name).join(', ')}.</p>}
      </div>
    </section>
  );
}
