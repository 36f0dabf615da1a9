import { z } from 'zod';
import { storableText } from '../storable-text';

export const conversationTypeField = z.enum(['direct', 'group']);
export type ConversationType = z.infer<typeof conversationTypeField>;

/** owner: everything, including removing admins; admin: add/remove members and rename; member: chat. */
export const memberRoleField = z.enum(['owner', 'admin', 'member']);
export type MemberRole = z.infer<typeof memberRoleField>;

export const conversationTitleField = storableText().trim().min(1).max(200);

/** Markdown text of a message. Longer bodies are refused (split them), never truncated. */
export const MESSAGE_MAX_LENGTH = 10_000;
export const messageBodyField = storableText().trim().min(1).max(MESSAGE_MAX_LENGTH);

/** The client's own id for a message: a retried send with the same clientId returns the first message. */
export const clientIdField = storableText().trim().min(1).max(100);

/** One emoji (or a short `:shortcode:`); no whitespace. */
export const emojiField = storableText()
  .min(1)
  .max(64)
  .regex(/^\S+$/, { message: 'is one emoji or :shortcode: without spaces' });

/** A position in a conversation's event log: 0 is "before the first event". */
export const SEQ_MAX = 2 ** 31 - 1;
export const seqField = z.number().int().min(0).max(SEQ_MAX);

export const attachmentTypeField = z.enum(['bookmark', 'note', 'task', 'file']);
export type AttachmentType = z.infer<typeof attachmentTypeField>;

/** What a sender attaches: one of their own content items or files, by id. */
export const attachmentRef = z.strictObject({ type: attachmentTypeField, id: z.uuid() });
export type AttachmentRef = z.infer<typeof attachmentRef>;

export const MAX_ATTACHMENTS = 10;
export const attachmentRefList = z.array(attachmentRef).max(MAX_ATTACHMENTS);

/** Members named when creating a conversation or adding people (the caller is always a member). */
export const MAX_MEMBERS_PER_REQUEST = 100;
export const memberIdList = z
  .array(z.uuid())
  .max(MAX_MEMBERS_PER_REQUEST)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'lists a member twice' });

export const notificationKindField = z.enum(['mentioned', 'direct_message', 'added_to_conversation']);
export type NotificationKind = z.infer<typeof notificationKindField>;

export const presenceStatusField = z.enum(['online', 'away', 'offline']);
export type PresenceStatus = z.infer<typeof presenceStatusField>;
