import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { In } from 'typeorm';
import { MessageEntity } from '../messages/message.entity';
import { type SearchPosition } from './search-cursor';

export interface MessageSearchQuery {
  userId: string;
  /** Words as typed: `websearch_to_tsquery` syntax ("phrases", -exclusions, or), never tsquery syntax. */
  text: string;
  conversationId?: string;
  after?: SearchPosition;
  limit: number;
}

export interface MessageHit {
  message: MessageEntity;
  /** `ts_headline` output with \u0001 / \u0002 around matches, still unescaped (see snippetMarkup). */
  headline: string;
}

// Matches in \u0001…\u0002 (stripped from the text first), so the caller can HTML-escape everything else.
// One window of words around the best match: chat messages are short, and fragments would cut them to the
// matched words alone.
const HEADLINE_OPTIONS = 'StartSel=\u0001, StopSel=\u0002, MaxWords=35, MinWords=15';

/**
 * ts_headline drops whatever looks like an HTML tag, but `<b>` in a chat message is text the user wrote: the
 * SQL hands it `<`/`>` as \u0003/\u0004 (after removing every \u0001–\u0004 the body had), and they are put back
 * here, so the snippet shows them (escaped by snippetMarkup).
 */
function restoreAngleBrackets(headline: string): string {
  return headline.replaceAll('\u0003', '<').replaceAll('\u0004', '>');
}

/** Full-text search over `messaging.messages` (GIN on `body_tsv`, config `simple`). */
@Injectable()
export class MessageSearchRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  /**
   * Live messages matching the text in conversations the user is a member of NOW (a removed member's old
   * conversations are out at once), newest first. Headlines are computed for the page's rows only.
   */
  async page(query: MessageSearchQuery): Promise<MessageHit[]> {
    const params: unknown[] = [query.userId, query.text, HEADLINE_OPTIONS, query.limit];
    const conditions: string[] = [];
    if (query.conversationId !== undefined) {
      params.push(query.conversationId);
      conditions.push(`AND m.conversation_id = $${params.length}`);
    }
    if (query.after !== undefined) {
      params.push(query.after.createdAt, query.after.id);
      conditions.push(
        `AND (m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    const manager = this.connector.dataSource.manager;
    const rows = await manager.query<{ id: string; headline: string }[]>(
      `WITH q AS (SELECT websearch_to_tsquery('simple', $2) AS query)
       SELECT hit.id,
              ts_headline('simple', translate(hit.body, E'<>\\x01\\x02\\x03\\x04', E'\\x03\\x04'), q.query, $3) AS headline
         FROM (
           SELECT m.id, m.body, m.created_at
             FROM messaging.messages m
             JOIN messaging.members mb ON mb.conversation_id = m.conversation_id AND mb.user_id = $1
             CROSS JOIN q
            WHERE m.body_tsv @@ q.query AND m.deleted_at IS NULL ${conditions.join(' ')}
            ORDER BY m.created_at DESC, m.id DESC
            LIMIT $4
         ) hit CROSS JOIN q
        ORDER BY hit.created_at DESC, hit.id DESC`,
      params,
    );
    if (rows.length === 0) return [];
    const messages = await manager.getRepository(MessageEntity).findBy({ id: In(rows.map((row) => row.id)) });
    const byId = new Map(messages.map((message) => [message.id, message]));
    return rows.flatMap((row) => {
      const message = byId.get(row.id);
      return message === undefined ? [] : [{ message, headline: restoreAngleBrackets(row.headline) }];
    });
  }
}
