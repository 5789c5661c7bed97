import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { checkUrl } from '../../common/validation/values';
import type { FileStorage } from '../../common/storage/file-storage';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { ReferenceCatalog } from '../reference';
import { checkThematicAreas } from '../content';
import { PublicationEntity, PublicationVersionEntity } from './publication.entity';
import type {
  DeletePublicationInput,
  RemovePublicationVersionInput,
  UpdatePublicationInput,
  UpdatePublicationVersionInput,
} from './publication-edit.inputs';
import {
  PUBLICATION_TYPE,
  PUBLICATION_VERSION_TYPE,
  UN_LANGUAGES,
  checkIsbn,
  checkLanguageTag,
  discardUpload,
} from './publication.service';
import type { PublicationService } from './publication.service';

function bad(field: string, message: string, text: string): BadUserInputError {
  return new BadUserInputError(text, [{ field, message }]);
}

/** The storage key of a version's file, or null for a link. */
const fileKeyOf = (v: PublicationVersionEntity): string | null =>
  v.fileContentType ? (v.fileKey ?? v.id) : null;

/**
 * Editing the library: a publication's metadata, replacing or removing its language versions, deleting it.
 * Allowed to the publication's author and its reviewers (canEditPublication); NOT_FOUND for those who do
 * not see it. Files that no row references any more are released through the outbox (`releaseFiles`).
 */
export class PublicationEditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly publications: PublicationService,
    private readonly storage: FileStorage,
    private readonly uow: UnitOfWork,
  ) {}

  /** The publication, read in `manager`, when the viewer may edit it; NOT_FOUND or FORBIDDEN otherwise. */
  private async editable(viewer: Viewer, id: string, manager: EntityManager): Promise<PublicationEntity> {
    const publication = await this.publications.visible(viewer, id, manager);
    if (!publication) throw new NotFoundError('Publication');
    if (!(await this.publications.editable(viewer, publication, manager)))
      throw new ForbiddenError('Only the publication’s author and its moderators edit or delete it.');
    return publication;
  }

  /** A version (read in `manager`) whose publication the viewer may edit, with that publication. */
  private async editableVersion(viewer: Viewer, globalId: string, manager: EntityManager) {
    const id = fromGlobalIdOf(PUBLICATION_VERSION_TYPE, globalId, 'versionId');
    const version = await manager.getRepository(PublicationVersionEntity).findOneBy({ id });
    if (!version || !(await this.publications.visible(viewer, version.publicationId, manager)))
      throw new NotFoundError('Publication version');
    return { version, publication: await this.editable(viewer, version.publicationId, manager) };
  }

  /**
   * Files no row references any more once `tx` commits: released through the outbox (`storage.files-released`),
   * removed by the storage consumer after the commit, retried until they are gone.
   */
  private releaseFiles(tx: Tx, keys: (string | null)[]): void {
    const released = keys.filter((k): k is string => !!k);
    if (released.length) tx.record('storage.files-released', { keys: released });
  }

  async update(viewer: Viewer, input: UpdatePublicationInput): Promise<PublicationEntity> {
    const id = fromGlobalIdOf(PUBLICATION_TYPE, input.publicationId, 'publicationId');
    const title = input.title?.trim();
    if (title === '') throw bad('title', 'cannot be blank', 'title cannot be blank.');
    const isbn = input.isbn == null ? undefined : input.isbn.trim() ? checkIsbn(input.isbn) : null;
    const symbol = input.symbol == null ? undefined : input.symbol.trim() || null;
    const areas = input.thematicAreaCodes
      ? checkThematicAreas(this.catalog, input.thematicAreaCodes, 'thematicAreaCodes')
      : undefined;
    const countries = input.countryCodes
      ? this.publications.checkCountries(input.countryCodes, 'countryCodes')
      : undefined;
    return this.dataSource.transaction(async (manager) => {
      const p = await this.editable(viewer, id, manager);
      if (input.kind != null) p.kind = input.kind;
      if (title !== undefined) p.title = title;
      if (input.summary != null) p.summary = input.summary;
      if (input.description != null) p.body = input.description;
      if (input.language != null) p.language = input.language;
      if (symbol !== undefined) p.symbol = symbol;
      if (isbn !== undefined) p.isbn = isbn;
      if (input.year != null) p.year = input.year;
      if (areas) p.thematicAreaCodes = areas;
      if (countries) p.countryCodes = countries;
      return manager.getRepository(PublicationEntity).save(p);
    });
  }

  /**
   * Changes a version: its language, title, official flag, and replaces its file (a new upload, checked as
   * when adding one) or its link. The new file is stored under a new key; the old one is removed after the
   * commit. On any refusal the upload is drained and nothing stays.
   */
  async updateVersion(
    viewer: Viewer,
    input: UpdatePublicationVersionInput,
  ): Promise<{ version: PublicationVersionEntity; publication: PublicationEntity }> {
    const file = input.file ?? null;
    let newKey: string | null = null;
    try {
      const language = input.language != null ? checkLanguageTag(input.language) : undefined;
      const title = input.title?.trim();
      if (title === '') throw bad('title', 'cannot be blank', 'title cannot be blank.');
      let url: string | null = null;
      if (input.externalUrl != null) {
        url = checkUrl(input.externalUrl, 'externalUrl');
        if (!url.startsWith('https://'))
          throw bad('externalUrl', 'must use https', 'externalUrl must be an https URL.');
      }
      const uploadId = input.uploadId?.trim() || null;
      if ([file, uploadId, url].filter(Boolean).length > 1)
        throw bad(
          'file',
          'give at most one of file, uploadId and externalUrl',
          'Give one of a new file, an uploadId or a new externalUrl, not several.',
        );
      const checkOfficial = (v: PublicationVersionEntity) => {
        const official = input.isOfficial ?? v.isOfficial;
        if (official && !UN_LANGUAGES.includes((language ?? v.language).split('-')[0]))
          throw bad(
            'isOfficial',
            'only a UN-language version can be official',
            'An official version is in one of the six UN languages (ar, en, es, fr, ru, zh).',
          );
      };
      // Every check that needs no bytes, before the upload is read.
      checkOfficial((await this.editableVersion(viewer, input.versionId, this.dataSource.manager)).version);
      let upload: Awaited<ReturnType<PublicationService['store']>> | null = null;
      if (file) {
        newKey = randomUUID();
        upload = await this.publications.store(newKey, file, () => undefined);
      }
      const { version, publication } = await this.uow.run(async (tx) => {
        const { manager } = tx;
        const found = await this.editableVersion(viewer, input.versionId, manager);
        const v = found.version;
        checkOfficial(v);
        const old = fileKeyOf(v);
        if (language !== undefined) v.language = language;
        if (title !== undefined) v.title = title;
        if (input.isOfficial != null) v.isOfficial = input.isOfficial;
        // A signed upload is taken in this transaction (attached once; NOT_FOUND if not the viewer's, not
        // received or already attached): its key becomes the version's.
        const taken = uploadId ? await this.publications.uploads!.take(manager, viewer, uploadId) : null;
        if (taken) {
          v.fileKey = taken.key;
          v.fileContentType = taken.mime;
          v.fileSize = taken.size;
          v.fileName = taken.name;
          v.externalUrl = null;
        } else if (upload) {
          v.fileKey = newKey;
          v.fileContentType = upload.type.mime;
          v.fileSize = upload.size;
          v.fileName = upload.name;
          v.externalUrl = null;
        } else if (url) {
          v.fileKey = v.fileContentType = v.fileSize = v.fileName = null;
          v.externalUrl = url;
        }
        const saved = await manager.getRepository(PublicationVersionEntity).save(v);
        if (upload || url || taken) this.releaseFiles(tx, [old]);
        return { version: saved, publication: found.publication };
      });
      newKey = null; // committed: the new file belongs to the row
      return { version, publication };
    } catch (err) {
      if (newKey) await this.storage.delete(newKey);
      else await discardUpload(file);
      throw err;
    }
  }

  /** Removes a version; its file is released (removed from the storage after the commit). */
  async removeVersion(
    viewer: Viewer,
    input: RemovePublicationVersionInput,
  ): Promise<{ removedVersionId: string; publication: PublicationEntity }> {
    const { version, publication } = await this.uow.run(async (tx) => {
      const found = await this.editableVersion(viewer, input.versionId, tx.manager);
      await tx.manager.getRepository(PublicationVersionEntity).delete({ id: found.version.id });
      this.releaseFiles(tx, [fileKeyOf(found.version)]);
      return found;
    });
    return { removedVersionId: version.id, publication };
  }

  /**
   * Deletes a publication for good, with its versions and networks (and, by the database's triggers, its
   * translations and search entry); RESOURCE lessons that pointed at it point at nothing. Reports and the
   * moderation log about it stay. Its files are released (removed from the storage after the commit).
   */
  async delete(viewer: Viewer, input: DeletePublicationInput): Promise<string> {
    const id = fromGlobalIdOf(PUBLICATION_TYPE, input.publicationId, 'publicationId');
    await this.uow.run(async (tx) => {
      const { manager } = tx;
      await this.editable(viewer, id, manager);
      const versions = await manager.getRepository(PublicationVersionEntity).findBy({ publicationId: id });
      await manager.getRepository(PublicationEntity).delete({ id });
      this.releaseFiles(tx, versions.map(fileKeyOf));
    });
    return id;
  }
}
