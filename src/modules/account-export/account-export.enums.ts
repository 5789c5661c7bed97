import { registerEnumType } from 'type-graphql';

/** Where an export is in its life. */
export enum DataExportStatus {
  PENDING = 'PENDING',
  READY = 'READY',
  EXPIRED = 'EXPIRED',
  FAILED = 'FAILED',
}
registerEnumType(DataExportStatus, {
  name: 'DataExportStatus',
  description: 'Where an export of your data is in its life.',
  valuesConfig: {
    PENDING: { description: 'Asked for; the archive is being prepared.' },
    READY: { description: 'Ready: `downloadUrl` serves the archive until `expiresAt`.' },
    EXPIRED: { description: 'Its 7 days are over: the archive was deleted. Ask for a new one.' },
    FAILED: {
      description: 'It could not be prepared within an hour (it no longer blocks a new request).',
    },
  },
});
