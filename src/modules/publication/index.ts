import { defineModule } from '../../platform/module/module-manifest';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { DiskFileStorage } from '../../common/storage/file-storage';
import type { FileStorage } from '../../common/storage/file-storage';
import type { ReferenceCatalog } from '../reference';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { PublicationEntity, PublicationNetworkEntity, PublicationVersionEntity } from './publication.entity';
import { PublicationService } from './publication.service';
import {
  PublicationResolver,
  PublicationVersionResolver,
  publicationNode,
  publicationVersionNode,
} from './publication.resolver';
import { createPublicationLoaders } from './publication.loaders';
import { VersionFieldResolver } from '../content';
import type { ContentVersionService } from '../content';
import { Publication } from './publication.types';
import { PublicationEditService } from './publication-edit.service';
import { publicationFilesConsumer } from './publication-files.consumer';
import { PublicationEditResolver } from './publication-edit.resolver';
import { publicationContentKind } from './publication.kind';
import { PublicationUploadEntity } from './publication-upload.entity';
import { PublicationUploadService } from './publication-upload.service';
import { PublicationUploadResolver } from './publication-upload.resolver';
import type { ContentKinds } from '../content';

/** Language versions of Publication (the `version` field, from the content kernel). */
const PublicationVersionField = VersionFieldResolver(Publication, 'Publication');

interface PublicationNeeds {
  catalog: ReferenceCatalog;
  uow: UnitOfWork;
  idempotency: IdempotencyService;
  contentVersions: ContentVersionService;
  contentKinds: ContentKinds;
}

/**
 * The technical-tools library (issue 14): publications as a content type, their language versions (uploaded
 * files checked on their content, or links), the filtered list, and the files' downloads (`GET /files/<id>`).
 */
export const publicationModule = defineModule({
  name: 'publication',
  entities: [PublicationEntity, PublicationNetworkEntity, PublicationVersionEntity, PublicationUploadEntity],
  services: (s: PublicationNeeds, { dataSource, config }) => {
    s.contentKinds.register(publicationContentKind);
    const storage = new DiskFileStorage(config.storage.dir);
    const publications = new PublicationService(
      dataSource,
      s.catalog,
      s.idempotency,
      storage,
      config.storage.maxUploadBytes,
    );
    const publicationUploads = new PublicationUploadService(
      dataSource,
      s.idempotency,
      publications,
      storage,
      config.jwtSecret,
      config.storage.maxUploadBytes,
      config.storage.uploadMaxAgeSeconds,
    );
    publications.uploads = publicationUploads;
    return {
      publications,
      publicationEdits: new PublicationEditService(dataSource, s.catalog, publications, storage, s.uow),
      publicationStorage: storage as FileStorage,
      publicationUploads,
    };
  },
  outboxConsumers: (s) => [publicationFilesConsumer(s.publicationStorage)],
  resolvers: [
    { resolver: PublicationVersionField, create: (s) => new PublicationVersionField(s.contentVersions) },
    {
      resolver: PublicationResolver,
      create: (s) => new PublicationResolver(s.publications, s.catalog),
    },
    PublicationVersionResolver,
    { resolver: PublicationEditResolver, create: (s) => new PublicationEditResolver(s.publicationEdits) },
    {
      resolver: PublicationUploadResolver,
      create: (s) => new PublicationUploadResolver(s.publicationUploads),
    },
  ],
  loaders: (viewer, _s, { dataSource }) => ({
    publication: createPublicationLoaders(dataSource, viewer),
  }),
  nodes: [publicationNode, publicationVersionNode],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { seedDemoPublications } from './publication-demo';
export { contentDisposition } from './publication-download';
export { UPLOAD_PATH } from './publication-upload.service';
export { listedPublicationSql, publicationReadSql } from './publication.policy';
export { Publication } from './publication.types';
