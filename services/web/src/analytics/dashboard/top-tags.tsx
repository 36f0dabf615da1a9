import Link from 'next/link';

/** The most used tags of the range, each opening a search for that tag. */
export function TopTags({ tags }: { tags: { tag: string; count: number }[] }) {
  return (
    <section className="card" aria-labelledby="top-tags-heading">
      <h2 id="top-tags-heading">Top tags</h2>
      {tags.length === 0 ? (
        <p className="muted">No tagged items in this period.</p>
      ) : (
        <TagCountList tags={tags} />
      )}
    </section>
  );
}

/** Tags with their counts as links to `/search?q=#tag`; shared by the top tags and trending cards. */
export function TagCountList({ tags }: { tags: { tag: string; count: number }[] }) {
  return (
    <ol className="count-list">
      {tags.map(({ tag, count }) => (
        <li key={tag}>
          <Link href={`/search?q=${encodeURIComponent(`#${tag}`)}`} className="tag">
            #{tag}
          </Link>
          <span className="muted">{count}</span>
        </li>
      ))}
    </ol>
  );
}
