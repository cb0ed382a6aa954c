/**
 * A message body as plain text (React text nodes only, never HTML), with the message's
 * mentions highlighted where `@Name` appears.
 */
import type { ReactNode } from 'react';
import type { Message } from '../../../shared/comments/api.js';

/** Splits `body` into text and `@Name` pieces for the given mention names. */
export function splitMentions(body: string, names: readonly string[]): { text: string; mention: boolean }[] {
  const tokens = [...new Set(names.filter(Boolean).map((name) => `@${name}`))].sort((a, b) => b.length - a.length);
  const parts: { text: string; mention: boolean }[] = [];
  let plain = '';
  let i = 0;
  while (i < body.length) {
    const token = body[i] === '@' ? tokens.find((candidate) => body.startsWith(candidate, i)) : undefined;
    if (token) {
      if (plain) parts.push({ text: plain, mention: false });
      plain = '';
      parts.push({ text: token, mention: true });
      i += token.length;
    } else {
      plain += body[i];
      i += 1;
    }
  }
  if (plain) parts.push({ text: plain, mention: false });
  return parts;
}

/** The body of one message. */
export function MessageBody({ message }: { message: Pick<Message, 'body' | 'mentions'> }): ReactNode {
  const parts = splitMentions(message.body, message.mentions.map((m) => m.name));
  return (
    <p className="message-body">
      {parts.map((part, index) =>
        part.mention ? (
          <mark key={index} className="mention">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
