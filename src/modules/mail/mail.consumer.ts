import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { query, sql } from '../../common/db/sql';
import { unseal } from '../../common/auth/sealed';
import type { MailTransport } from '../../common/mail/mail-transport';
import type { DomainEvent } from '../../platform/unit-of-work/events';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import { PractitionerEntity } from '../practitioner';
import { MailDeliveryEntity } from './mail.entity';
import { LINK_PATHS, MAIL_TEMPLATES, TOKEN_PATHS, mailLanguage, renderMail } from './mail.templates';
import type { MailTemplate } from './mail.templates';

export interface MailConsumerSettings {
  /** The server's secret: opens the sealed tokens of the events. */
  secret: string;
  linkBase: string;
  /** The domain of Message-IDs (`<event id>@<domain>`). */
  messageIdDomain: string;
}

/**
 * Renders and sends the messages of `mail.requested` events. At least once from the outbox, at most once
 * per event here: a message whose event is in `mail_delivery` is not sent again, and the event id is its
 * Message-ID. The one window left: the SMTP server accepted the message and the process died before the
 * delivery row was written; the retry sends it again with the same Message-ID (docs/outbox.md).
 */
export function mailConsumer(
  dataSource: DataSource,
  transport: MailTransport,
  settings: MailConsumerSettings,
  log: Logger,
): OutboxConsumer {
  return {
    name: 'mail',
    types: ['mail.requested'],
    async handle(events: DomainEvent[]) {
      let failure: unknown = null;
      for (const event of events) {
        try {
          await deliver(dataSource, transport, settings, log, event as DomainEvent<'mail.requested'>);
        } catch (err) {
          failure ??= err; // the others of the batch still go; the whole batch is retried, sent ones skipped
        }
      }
      if (failure) throw failure;
    },
  };
}

async function deliver(
  dataSource: DataSource,
  transport: MailTransport,
  settings: MailConsumerSettings,
  log: Logger,
  event: DomainEvent<'mail.requested'>,
): Promise<void> {
  const { template, recipientId, to, sealedToken, params } = event.payload;
  if (await dataSource.getRepository(MailDeliveryEntity).existsBy({ eventId: event.id })) return;
  if (!(MAIL_TEMPLATES as readonly string[]).includes(template)) {
    log.error({ eventId: event.id, template }, 'unknown mail template: not sent');
    return;
  }
  // A message to an address alone (an invitation) names nobody: its language and greeting come from params.
  const recipient = recipientId
    ? await dataSource.getRepository(PractitionerEntity).findOneBy({ id: recipientId })
    : null;
  if (recipientId && !recipient) return; // the account is gone: nobody to write to
  const address = to ?? recipient?.email;
  if (!address) return;
  const path = LINK_PATHS[template as MailTemplate];
  const tokenPath = TOKEN_PATHS[template as MailTemplate];
  let link: string | null = null;
  if (path || tokenPath) {
    const token = sealedToken ? unseal(sealedToken, settings.secret) : null;
    if (!token) {
      log.error({ eventId: event.id, template }, 'mail token cannot be opened (secret changed?): not sent');
      return;
    }
    link = path
      ? `${settings.linkBase}${path}?token=${encodeURIComponent(token)}`
      : `${settings.linkBase}${tokenPath}${encodeURIComponent(token)}`;
  } else if (params?.path) {
    link = `${settings.linkBase}${params.path}`; // a page of the app (a live event's reminder)
  }
  const language = mailLanguage(recipient ? recipient.languages : [params?.language ?? '']);
  const rendered = renderMail(template as MailTemplate, language, {
    name: recipient?.displayName ?? '',
    link,
    values: params,
  });
  await transport.send({
    to: address,
    messageId: `<${event.id}@${settings.messageIdDomain}>`,
    language,
    ...rendered,
  });
  await query(
    dataSource,
    sql`INSERT INTO mail_delivery ("eventId", template) VALUES (${event.id}, ${template}) ON CONFLICT DO NOTHING`,
  );
}
