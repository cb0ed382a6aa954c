/**
 * A message body as plain text (React text nodes only, never HTML), with the message's
 * mentions highlighted where `@Name` appears.
 */
import type { ReactNode } from 'react';
import type { Message } from '../../../shared/comments/api.js';
import { splitMentions } from './mentions.js';

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
