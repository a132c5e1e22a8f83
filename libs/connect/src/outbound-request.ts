import type { CommandEvent } from '@heed/domain';
import { commandMessage } from './command-message';
import type { Destination } from './destination';
import { SIGNATURE_HEADER, signPayload } from './webhook-signature';

/** A command event as read from the store: the envelope plus where it is recorded. */
export interface StoredCommand {
  /** The event id: the idempotency key of every request that delivers it. */
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly command: CommandEvent;
}

/** One HTTP request to make, rendered from the destination's template. */
export interface OutboundRequest {
  readonly url: string;
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The JSON body of a webhook delivery (documented in docs/connect.md). */
export interface WebhookBody {
  readonly id: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: string;
  readonly customerId: string;
  readonly requestedAt: string;
  readonly version: number;
  readonly reasons: readonly string[];
  readonly data: unknown;
}

const recipient = (template: string, command: CommandEvent): string =>
  template.replaceAll('{customerId}', command.customerId);

function render(destination: Destination, stored: StoredCommand): { contentType: string; body: string } {
  const { command } = stored;
  // Only the templates for people need the message: a webhook gets the command as it is.
  const message = destination.kind === 'webhook' ? { title: '', lines: [] } : commandMessage(command);
  const text = [message.title, ...message.lines].join('\n');
  switch (destination.kind) {
    case 'webhook': {
      const body: WebhookBody = {
        id: stored.id,
        type: command.type,
        stream: stored.stream,
        revision: stored.revision.toString(),
        customerId: command.customerId,
        requestedAt: command.requestedAt,
        version: command.version,
        reasons: command.reasons,
        data: command.data,
      };
      return { contentType: 'application/json', body: JSON.stringify(body) };
    }
    case 'slack':
      // Slack incoming webhook: `text` is the notification fallback, blocks the message.
      return {
        contentType: 'application/json',
        body: JSON.stringify({
          text: message.title,
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: message.title.slice(0, 150) } },
            { type: 'section', text: { type: 'mrkdwn', text: message.lines.join('\n').slice(0, 3000) } },
            { type: 'context', elements: [{ type: 'mrkdwn', text: `${command.type} · ${stored.id}` }] },
          ],
        }),
      };
    case 'sms':
      // Twilio-style Messages API: a form with To, From and Body.
      return {
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({
          To: recipient(destination.to ?? '', command),
          From: destination.from ?? '',
          Body: text.slice(0, 1600),
        }).toString(),
      };
    case 'email':
      // SendGrid-style v3 mail/send.
      return {
        contentType: 'application/json',
        body: JSON.stringify({
          personalizations: [{ to: [{ email: recipient(destination.to ?? '', command) }] }],
          from: { email: destination.from },
          subject: message.title,
          content: [{ type: 'text/plain', value: message.lines.join('\n') }],
          custom_args: { heed_command_id: stored.id, heed_command_type: command.type },
        }),
      };
    default: {
      const _never: never = destination.kind;
      throw new Error(`Unknown destination kind ${String(_never)}`);
    }
  }
}

/**
 * The request that delivers a command to a destination: the body from the destination's template,
 * the command event's id as `Idempotency-Key`, the `Heed-Signature` when the destination has
 * secrets, and its `Authorization`. The URL is the configured one, never anything from the event.
 *
 * @param nowMs the signing time (ms since the epoch).
 */
export function outboundRequest(destination: Destination, stored: StoredCommand, nowMs: number): OutboundRequest {
  const { contentType, body } = render(destination, stored);
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Idempotency-Key': stored.id,
    'Heed-Command-Type': stored.command.type,
    'User-Agent': 'heed-connect',
  };
  if (destination.secrets.length > 0)
    headers[SIGNATURE_HEADER] = signPayload(body, destination.secrets, Math.floor(nowMs / 1000));
  if (destination.authorization !== undefined) headers.Authorization = destination.authorization;
  return { url: destination.url, method: 'POST', headers, body };
}
