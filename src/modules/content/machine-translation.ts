import type { DataSource } from 'typeorm';
import type { AppPubSub } from '../../common/pubsub/pubsub';
import { query, raw, sql } from '../../common/db/sql';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import type { DomainEvent } from '../../platform/unit-of-work/events';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { VersionOrigin } from './content-version.enums';
import type { ContentVersionService } from './content-version.service';
import { VERSIONED_KINDS } from './content-version.service';

/** The engine name stored with machine output. */
export const ENGINE = 'libretranslate';

/** Translates texts with a LibreTranslate server (`POST /translate`, one request per text). */
export async function libreTranslate(url: string, texts: string[], source: string, target: string) {
  const out: string[] = [];
  for (const q of texts) {
    if (!q) {
      out.push('');
      continue;
    }
    const res = await fetch(`${url}/translate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q, source, target, format: 'text' }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`LibreTranslate answered ${res.status}`);
    const body = (await res.json()) as { translatedText?: string };
    out.push(body.translatedText ?? '');
  }
  return out;
}

/**
 * The consumer of `translation.requested`: reads the original, checks again that it may leave the server
 * (never content visible only to networks unless allowed), asks the engine, stores a MACHINE version and
 * publishes TRANSLATION_READY. A human version of that language is never replaced by machine output.
 */
export function machineTranslationConsumer(
  dataSource: DataSource,
  uow: UnitOfWork,
  versions: ContentVersionService,
  pubSub: AppPubSub,
  machine: { url: string | null; allowNetworkContent: boolean },
): OutboxConsumer {
  const finish = (requestId: string, status: string) =>
    query(dataSource, sql`UPDATE translation_request SET "status" = ${status} WHERE "id" = ${requestId}`);
  return {
    name: 'machine-translation',
    types: ['translation.requested'],
    async handle(events: DomainEvent[]) {
      for (const e of events as DomainEvent<'translation.requested'>[]) {
        const { requestId, kind, contentId, language } = e.payload;
        const k = VERSIONED_KINDS[kind];
        if (!machine.url || !k) {
          await finish(requestId, 'REFUSED');
          continue;
        }
        if (!machine.allowNetworkContent && (await versions.networkOnly(dataSource, kind, contentId))) {
          await finish(requestId, 'REFUSED');
          continue;
        }
        const [original] = await query<{ title: string; summary: string; body: string; language: string }>(
          dataSource,
          sql`SELECT ${raw(k.textSql ?? '"title", "summary", "body", "language"')} FROM ${raw(`"${k.table}"`)}
                WHERE "id" = ${contentId}`,
        );
        if (!original) {
          await finish(requestId, 'REFUSED');
          continue;
        }
        const [title, summary, body] = await libreTranslate(
          machine.url,
          [original.title, original.summary, original.body],
          original.language,
          language,
        );
        const written = await uow.run(async (tx) => {
          const [human] = await query<{ origin: string }>(
            tx.manager,
            sql`SELECT "origin" FROM content_version WHERE "kind" = ${kind} AND "contentId" = ${contentId}
                  AND "language" = ${language} AND "origin" <> 'MACHINE' FOR UPDATE`,
          );
          if (human) return false;
          await versions.write(tx.manager, {
            kind,
            contentId,
            language,
            title: title.slice(0, 300) || original.title,
            summary,
            body,
            origin: VersionOrigin.MACHINE,
            translatorId: null,
            engine: ENGINE,
          });
          await query(
            tx.manager,
            sql`UPDATE translation_request SET "status" = 'DONE' WHERE "id" = ${requestId}`,
          );
          return true;
        });
        if (!written) await finish(requestId, 'REFUSED');
        else pubSub.publish('TRANSLATION_READY', { kind, contentId, language });
      }
    },
  };
}
