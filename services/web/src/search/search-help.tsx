'use client';

interface QueryExample {
  example: string;
  meaning: string;
}

const EXAMPLES: QueryExample[] = [
  {
    example: 'kube',
    meaning: 'Words find the start of words: “kube” finds Kubernetes. Every word must occur.',
  },
  { example: '"rolling update"', meaning: 'Quotes find the exact phrase, words in this order.' },
  { example: 'kube -draft', meaning: 'A minus leaves out what contains the word (or “a phrase”).' },
  { example: 'kube OR docker', meaning: 'OR accepts either of the words around it.' },
  { example: '#work', meaning: 'A hash keeps items with that tag; -#work leaves them out.' },
  {
    example: 'type:note',
    meaning: 'Only one kind: note, bookmark, task or file. Repeat it for several kinds.',
  },
  {
    example: 'is:done',
    meaning: 'By state: done, todo, fav, unread, read, archived or pinned. -is:done leaves them out.',
  },
  {
    example: 'in:"Reading list"',
    meaning: 'Only items in that collection and the collections inside it (quote names with spaces).',
  },
  { example: 'type:task is:todo #work', meaning: 'Combine them: open work tasks, newest first.' },
];

/** The query language, explained with examples that run when chosen. */
export function SearchHelp({ onExample }: { onExample: (query: string) => void }) {
  return (
    <section className="search-help card" aria-labelledby="search-help-heading">
      <h2 id="search-help-heading">How to search</h2>
      <p className="muted">
        One box finds bookmarks, notes, tasks and files. Press <kbd>/</kbd> or <kbd>Ctrl</kbd>+<kbd>K</kbd> (
        <kbd>⌘</kbd>+<kbd>K</kbd>) on any page to jump to it.
      </p>
      <dl className="search-help-examples">
        {EXAMPLES.map(({ example, meaning }) => (
          <div key={example}>
            <dt>
              <button
                type="button"
                className="search-example"
                aria-label={`Search for ${example}`}
                onClick={() => onExample(example)}
              >
                <code>{example}</code>
              </button>
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
