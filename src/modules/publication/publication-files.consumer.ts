import type { FileStorage } from '../../common/storage/file-storage';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import type { DomainEvent } from '../../platform/unit-of-work/events';

/**
 * `storage.files-released` → the files are removed from the storage. Removing a key that is gone already
 * does nothing, so a redelivered event is harmless; a storage error fails the batch and the outbox retries it.
 */
export function publicationFilesConsumer(storage: FileStorage): OutboxConsumer {
  return {
    name: 'storage-files',
    types: ['storage.files-released'],
    async handle(events: DomainEvent[]) {
      for (const event of events)
        for (const key of (event as DomainEvent<'storage.files-released'>).payload.keys)
          await storage.delete(key);
    },
  };
}
