import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { MailConfig } from '../../config/config';

/** One rendered message. `messageId` is stable for one request, so that a resend is recognisable. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  language: string;
  /** The links the message carries (logged in file mode, so that a newcomer can follow every flow). */
  links: string[];
}

export interface MailTransport {
  /** Sends the message, or throws (the outbox retries). */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer when `smtpUrl` is set; otherwise each message is written as an .eml file in `dir`
 * (written to a temporary name, then renamed: a crash leaves no half file) and its subject and links are
 * logged.
 */
export function createMailTransport(config: MailConfig, log: Logger): MailTransport {
  const headers = (m: MailMessage) => ({
    from: config.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    headers: { 'Content-Language': m.language, 'Auto-Submitted': 'auto-generated' },
  });
  if (config.smtpUrl) {
    const smtp = nodemailer.createTransport(config.smtpUrl);
    return {
      async send(m) {
        await smtp.sendMail(headers(m));
      },
      close: () => smtp.close(),
    };
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(m) {
      const info = await stream.sendMail(headers(m));
      await fs.mkdir(config.dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${m.messageId.replace(/[^A-Za-z0-9-]/g, '')}.eml`;
      const file = path.join(config.dir, name);
      await fs.writeFile(`${file}.tmp`, info.message as Buffer);
      await fs.rename(`${file}.tmp`, file);
      log.info({ to: m.to, subject: m.subject, links: m.links, file }, 'mail written (no SMTP_URL)');
    },
    close: () => undefined,
  };
}
