import { Injectable } from '@nestjs/common';
import { type ItemType } from '@tracera/contracts';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager } from 'typeorm';

/** Spellings offered per word that matched nothing. */
const SUGGESTIONS_PER_WORD = 3;
/** pg_trgm similarity a spelling needs: `kubernets` ~ `kubernetes` is 0.62, unrelated words stay below. */
const MIN_SIMILARITY = 0.45;

/**
 * Every SQL on `search.lexicon`, the words of each user's items. It only grows (a word whose last item is
 * gone stays; suggesting it finds nothing, which costs nothing) and a rebuild starts it afresh.
 */
@Injectable()
export class LexiconRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private query<T>(sql: string, values: unknown[], manager?: EntityManager): Promise<T[]> {
    return (manager ?? this.connector.dataSource.manager).query<T[]>(sql, values);
  }

  /** Adds the words of a stored document (its lexemes, as the index holds them). */
  async addWordsOf(userId: string, type: ItemType, id: string): Promise<void> {
    await this.query(
      `INSERT INTO search.lexicon (user_id, word)
       SELECT DISTINCT $1::uuid, w.word FROM search.documents d, unnest(tsvector_to_array(d.search_tsv)) AS w(word)
       WHERE d.type = $2 AND d.id = $3 AND d.user_id = $1 AND length(w.word) BETWEEN 3 AND 40
         AND w.word ~ '^[[:alnum:]]+$'
       ON CONFLICT DO NOTHING`,
      [userId, type, id],
    );
  }

  /** {@link addWordsOf} for many stored documents of the user in one statement. */
  async addWordsOfMany(
    userId: string,
    keys: { type: ItemType; id: string }[],
    manager?: EntityManager,
  ): Promise<void> {
    if (keys.length === 0) return;
    await this.query(
      `INSERT INTO search.lexicon (user_id, word)
       SELECT DISTINCT $1::uuid, w.word
       FROM unnest($2::text[], $3::uuid[]) AS k(type, id)
       JOIN search.documents d ON d.type = k.type AND d.id = k.id AND d.user_id = $1
       CROSS JOIN LATERAL unnest(tsvector_to_array(d.search_tsv)) AS w(word)
       WHERE length(w.word) BETWEEN 3 AND 40 AND w.word ~ '^[[:alnum:]]+$'
       ON CONFLICT DO NOTHING`,
      [userId, keys.map((key) => key.type), keys.map((key) => key.id)],
      manager,
    );
  }

  /**
   * For each word no lexicon word starts with (a likely typo), the user's closest spellings. The prefix test
   * is a range, which the text_pattern_ops index serves; a LIKE on a column value alone is not indexable.
   */
  async spellingsFor(userId: string, words: string[]): Promise<Map<string, string[]>> {
    const suggestions = new Map<string, string[]>();
    if (words.length === 0) return suggestions;
    const rows = await this.query<{ typed: string; word: string }>(
      `SELECT typed.word AS typed, s.word FROM unnest($2::text[]) AS typed(word)
       CROSS JOIN LATERAL (
         SELECT l.word FROM search.lexicon l
         WHERE l.user_id = $1 AND l.word % typed.word AND similarity(l.word, typed.word) >= $3
         ORDER BY similarity(l.word, typed.word) DESC, l.word LIMIT $4) AS s
       WHERE NOT EXISTS (
         SELECT 1 FROM search.lexicon p WHERE p.user_id = $1 AND p.word ~>=~ typed.word
           AND p.word ~<=~ (typed.word || chr(1114111)) AND p.word LIKE (typed.word || '%'))`,
      [userId, words, MIN_SIMILARITY, SUGGESTIONS_PER_WORD],
    );
    for (const row of rows) suggestions.set(row.typed, [...(suggestions.get(row.typed) ?? []), row.word]);
    return suggestions;
  }

  async clear(): Promise<void> {
    await this.query('TRUNCATE search.lexicon', []);
  }
}
