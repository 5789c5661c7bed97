import { defineModule } from '../../platform/module/module-manifest';
import { createMailTransport } from '../../common/mail/mail-transport';
import { MailDeliveryEntity } from './mail.entity';
import { mailConsumer } from './mail.consumer';

/** Outgoing e-mail: renders and sends the messages other modules request with `mail.requested`. */
export const mailModule = defineModule({
  name: 'mail',
  entities: [MailDeliveryEntity],
  outboxConsumers: (_s, { dataSource, config, log }) => {
    const domain = /@([^>\s]+)/.exec(config.mail.from)?.[1] ?? 'praxis.localhost';
    return [
      mailConsumer(
        dataSource,
        createMailTransport(config.mail, log.child({ component: 'mail' })),
        { secret: config.jwtSecret, linkBase: config.mail.linkBase, messageIdDomain: domain },
        log.child({ component: 'mail' }),
      ),
    ];
  },
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { LINK_PATHS, MAIL_TEMPLATES } from './mail.templates';
export type { MailTemplate } from './mail.templates';
