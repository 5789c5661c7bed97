import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';

/** A real SMTP server in process: what the application sends, parsed with mailparser. */
export interface TestMailbox {
  url: string;
  messages: ParsedMail[];
  /** Resolves with the first message (already received or to come) matching, or fails after `ms`. */
  waitFor(match: (m: ParsedMail) => boolean, ms?: number): Promise<ParsedMail>;
  /** Refuses the next `n` messages (a 451 answer), to test retries. */
  failNext(n: number): void;
  stop(): Promise<void>;
}

export async function startMailbox(): Promise<TestMailbox> {
  const messages: ParsedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const err = new Error('Try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          callback(err);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((m) => {
            messages.push(m);
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(match, ms = 5000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        if (Date.now() > until) throw new Error('no such message arrived');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    failNext(n) {
      failures = n;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The addresses a message was sent to. */
export function recipients(m: ParsedMail): string[] {
  const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

/** The token of the message's link. */
export function tokenOf(m: ParsedMail): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(m.text ?? '');
  if (!match) throw new Error('no link in the message');
  return match[1];
}
