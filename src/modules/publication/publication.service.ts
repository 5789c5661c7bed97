import { randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { FileUpload } from 'graphql-upload-minimal';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { policyScope, query, sql, together } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import { checkUrl } from '../../common/validation/values';
import type { FileStorage } from '../../common/storage/file-storage';
import type { ReferenceCatalog } from '../reference';
import { loadViewerNetworkScope, NETWORK_TYPE, NetworkEntity } from '../network';
import { checkThematicAreas } from '../content';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import {
  PublicationEntity,
  PublicationNetworkEntity,
  PublicationVersionEntity,
  VERSION_LIMITS,
} from './publication.entity';
import { PublicationVisibility } from './publication.enums';
import type {
  AddPublicationVersionInput,
  CreatePublicationInput,
  PublicationFilter,
} from './publication.inputs';
import {
  canCreatePublication,
  canEditPublication,
  canViewPublication,
  publicationReadSql,
} from './publication.policy';
import { ACCEPTED_TYPES_TEXT, detectFileType, HEAD_BYTES } from './publication-file-type';
import type { AcceptedFileType } from './publication-file-type';

export const PUBLICATION_TYPE = 'Publication';
export const PUBLICATION_VERSION_TYPE = 'PublicationVersion';

/** The six UN languages, as BCP 47 primary subtags. */
export const UN_LANGUAGES: readonly string[] = ['ar', 'en', 'es', 'fr', 'ru', 'zh'];

/** Newest first: by publication time, then id. */
export const PUBLICATION_ORDER = new Keyset<PublicationEntity>(
  [
    { column: 'p."publishedAt"', kind: 'timestamp' },
    { column: 'p."id"', kind: 'uuid' },
  ],
  'DESC',
  (p) => [p.publishedAt!.toISOString(), p.id],
);

function bad(field: string, message: string, text: string): BadUserInputError {
  return new BadUserInputError(text, [{ field, message }]);
}

/** A well-formed BCP 47 language tag in its canonical case ("zh-hans" → "zh-Hans"), or BAD_USER_INPUT. */
export function checkLanguageTag(value: string, field = 'language'): string {
  const trimmed = value.trim();
  let canonical: string | undefined;
  try {
    canonical = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(trimmed)
      ? Intl.getCanonicalLocales(trimmed)[0]
      : undefined;
  } catch {
    canonical = undefined;
  }
  if (!canonical || canonical.length > VERSION_LIMITS.language)
    throw bad(
      field,
      'must be a BCP 47 language tag',
      `${field} is not a BCP 47 language tag (e.g. "fr", "zh-Hans").`,
    );
  return canonical;
}

/** ISBN-10 or ISBN-13 with a valid check digit, as ISBN-13 digits; BAD_USER_INPUT otherwise. */
export function checkIsbn(value: string, field = 'isbn'): string {
  const s = value.replace(/[\s-]/g, '').toUpperCase();
  const refuse = () =>
    bad(field, 'must be an ISBN-10 or ISBN-13 with a valid check digit', `${field} is not a valid ISBN.`);
  if (/^\d{9}[\dX]$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (s[i] === 'X' ? 10 : Number(s[i])) * (10 - i);
    if (sum % 11 !== 0) throw refuse();
    const core = `978${s.slice(0, 9)}`;
    let t = 0;
    for (let i = 0; i < 12; i++) t += Number(core[i]) * (i % 2 ? 3 : 1);
    return core + String((10 - (t % 10)) % 10);
  }
  if (/^97[89]\d{10}$/.test(s)) {
    let t = 0;
    for (let i = 0; i < 13; i++) t += Number(s[i]) * (i % 2 ? 3 : 1);
    if (t % 10 !== 0) throw refuse();
    return s;
  }
  throw refuse();
}

/** Reads an upload's stream to its end, discarding it (so that the request completes). */
function drain(stream: Readable): void {
  stream.on('error', () => undefined);
  stream.resume();
}

export async function discardUpload(file: Promise<FileUpload> | null | undefined): Promise<void> {
  if (!file) return;
  try {
    drain((await file).createReadStream());
  } catch {
    // the upload failed already (too large, aborted): nothing to drain
  }
}

class TooLarge extends Error {}

/** Takes a received signed upload for a version, in the caller's transaction (publication-upload.service.ts). */
export interface UploadTaker {
  take(
    manager: EntityManager,
    viewer: Viewer,
    uploadId: string,
  ): Promise<{ key: string; mime: string; size: number; name: string }>;
}

/**
 * The publication library: creating publications, their language versions (uploaded files or links),
 * reading them, the filtered list, and the files' downloads.
 */
export class PublicationService {
  /** The signed uploads (set by the module once both services exist). */
  uploads: UploadTaker | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly idempotency: IdempotencyService,
    private readonly storage: FileStorage,
    private readonly maxUploadBytes: number,
  ) {}

  checkCountries(codes: string[], field: string): string[] {
    const upper = codes.map((c) => c.toUpperCase());
    const unknown = upper.filter((c) => !this.catalog.country(c));
    if (unknown.length)
      throw bad(
        field,
        `unknown codes ${unknown.join(', ')}`,
        `Unknown country codes: ${unknown.join(', ')}.`,
      );
    return upper;
  }

  private async checkNetworks(globalIds: string[]): Promise<string[]> {
    const ids = globalIds.map((g, i) => fromGlobalIdOf(NETWORK_TYPE, g, `networkIds[${i}]`));
    if (!ids.length) return ids;
    const found = await this.dataSource.getRepository(NetworkEntity).count({ where: { id: In(ids) } });
    if (found !== ids.length) throw new NotFoundError('One of the networks');
    return ids;
  }

  private async ownedNetworkIds(viewer: Viewer): Promise<Set<string>> {
    const rows = await query<{ networkId: string }>(
      this.dataSource,
      sql`SELECT "networkId" FROM network_member
          WHERE "practitionerId" = ${viewer.id} AND "status" = 'ACTIVE' AND "role" = 'OWNER'`,
    );
    return new Set(rows.map((r) => r.networkId));
  }

  /** With an idempotency key, a retry returns the publication the first request created and writes nothing. */
  async create(viewer: Viewer, input: CreatePublicationInput): Promise<PublicationEntity> {
    const { idempotencyKey, ...args } = input;
    const load = (id: string) => this.dataSource.getRepository(PublicationEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(viewer.id, 'createPublication', idempotencyKey, args, load);
    if (create.earlier) return create.earlier;
    const title = input.title.trim();
    if (!title) throw bad('title', 'cannot be blank', 'title cannot be blank.');
    const isbn = input.isbn?.trim() ? checkIsbn(input.isbn) : null;
    const symbol = input.symbol?.trim() || null;
    const areas = checkThematicAreas(this.catalog, input.thematicAreaCodes ?? [], 'thematicAreaCodes');
    const countries = this.checkCountries(input.countryCodes ?? [], 'countryCodes');
    const visibility = input.visibility ?? PublicationVisibility.COMMUNITY;
    const networkIds = await this.checkNetworks(input.networkIds ?? []);
    if (visibility === PublicationVisibility.NETWORKS && networkIds.length === 0)
      throw bad(
        'networkIds',
        'must not be empty for NETWORKS visibility',
        'A NETWORKS publication is for at least one network.',
      );
    if (!canCreatePublication(viewer, visibility, networkIds, await this.ownedNetworkIds(viewer)))
      throw new ForbiddenError(
        'Experts, moderators and admins publish to the library; network owners for their own networks.',
      );
    const { result } = await create.run(async (manager) => {
      const publication = await manager.getRepository(PublicationEntity).save(
        manager.create(PublicationEntity, {
          authorId: viewer.id,
          kind: input.kind,
          title,
          summary: input.summary ?? '',
          body: input.description ?? '',
          language: input.language,
          symbol,
          isbn,
          year: input.year,
          thematicAreaCodes: areas,
          countryCodes: countries,
          visibility: networkIds.length ? visibility : PublicationVisibility.COMMUNITY,
          publishedAt: new Date(),
        }),
      );
      if (visibility === PublicationVisibility.NETWORKS)
        await manager.insert(
          PublicationNetworkEntity,
          networkIds.map((networkId) => ({ publicationId: publication.id, networkId })),
        );
      return publication;
    });
    return result;
  }

  /** The publication if the viewer may see it (NOT_FOUND otherwise), with the facts its policy needs. */
  async visible(viewer: Viewer, id: string, manager: EntityManager = this.dataSource.manager) {
    const publication = await manager.getRepository(PublicationEntity).findOneBy({ id });
    if (!publication) return null;
    const [networks, scope] = await together(
      manager,
      () => manager.getRepository(PublicationNetworkEntity).findBy({ publicationId: id }),
      () => loadViewerNetworkScope(manager, viewer.id)(),
    );
    const networkIds = networks.map((n) => n.networkId);
    return canViewPublication(viewer, publication, networkIds, scope) ? publication : null;
  }

  /** Whether the viewer, who sees `publication`, may edit it (canEditPublication). */
  async editable(
    viewer: Viewer,
    publication: PublicationEntity,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const [networks, scope] = await together(
      manager,
      () => manager.getRepository(PublicationNetworkEntity).findBy({ publicationId: publication.id }),
      () => loadViewerNetworkScope(manager, viewer.id)(),
    );
    return canEditPublication(
      viewer,
      publication,
      networks.map((n) => n.networkId),
      scope,
    );
  }

  readable(viewer: Viewer, id: string): Promise<PublicationEntity | null> {
    return this.visible(viewer, id);
  }

  /**
   * Adds a language version: an uploaded file (streamed to the storage with the size limit, its type then
   * checked on the content) or an https link. Every check that needs no bytes runs first; on any refusal
   * the upload is drained and nothing stays: no file in the storage, no row.
   */
  async addVersion(
    viewer: Viewer,
    input: AddPublicationVersionInput,
  ): Promise<{ version: PublicationVersionEntity; publication: PublicationEntity }> {
    const file = input.file ?? null;
    let stored: string | null = null;
    try {
      const publicationId = fromGlobalIdOf(PUBLICATION_TYPE, input.publicationId, 'publicationId');
      const language = checkLanguageTag(input.language);
      const title = input.title.trim();
      if (!title) throw bad('title', 'cannot be blank', 'title cannot be blank.');
      const isOfficial = input.isOfficial ?? false;
      if (isOfficial && !UN_LANGUAGES.includes(language.split('-')[0]))
        throw bad(
          'isOfficial',
          'only a UN-language version can be official',
          'An official version is in one of the six UN languages (ar, en, es, fr, ru, zh).',
        );
      const url = input.externalUrl?.trim() ? checkUrl(input.externalUrl, 'externalUrl') : null;
      if (url && !url.startsWith('https://'))
        throw bad('externalUrl', 'must use https', 'externalUrl must be an https URL.');
      const uploadId = input.uploadId?.trim() || null;
      if ([file, url, uploadId].filter(Boolean).length !== 1)
        throw bad(
          'file',
          'give exactly one of file, uploadId and externalUrl',
          'Give one of a file, an uploadId or an externalUrl.',
        );
      const publication = await this.visible(viewer, publicationId);
      if (!publication) throw new NotFoundError('Publication');
      if (!(await this.editable(viewer, publication)))
        throw new ForbiddenError('Only the publication’s author and its moderators add its versions.');
      const { idempotencyKey, file: _file, ...args } = input;
      const load = (id: string) =>
        this.dataSource.getRepository(PublicationVersionEntity).findOneByOrFail({ id });
      const create = await this.idempotency.begin(
        viewer.id,
        'addPublicationVersion',
        idempotencyKey,
        { ...args, upload: !!file },
        load,
      );
      if (create.earlier) {
        await discardUpload(file);
        return { version: create.earlier, publication };
      }
      let upload: { type: AcceptedFileType; size: number; name: string } | null = null;
      if (file) {
        const id = randomUUID();
        upload = await this.store(id, file, () => (stored = id));
        const row = upload;
        const { result } = await create.run((manager) =>
          this.insertVersion(manager, viewer, publicationId, { id, language, title, isOfficial }, row, null),
        );
        stored = null; // committed: the file now belongs to its row
        return { version: result, publication };
      }
      if (uploadId) {
        const { result } = await create.run(async (manager) => {
          const taken = await this.uploads!.take(manager, viewer, uploadId);
          return this.insertVersion(
            manager,
            viewer,
            publicationId,
            { fileKey: taken.key, language, title, isOfficial },
            { type: { mime: taken.mime, extension: '' }, size: taken.size, name: taken.name },
            null,
          );
        });
        return { version: result, publication };
      }
      const { result } = await create.run((manager) =>
        this.insertVersion(manager, viewer, publicationId, { language, title, isOfficial }, null, url),
      );
      return { version: result, publication };
    } catch (err) {
      if (stored) await this.storage.delete(stored);
      else await discardUpload(file);
      throw err;
    }
  }

  private async insertVersion(
    manager: EntityManager,
    viewer: Viewer,
    publicationId: string,
    fields: { id?: string; fileKey?: string; language: string; title: string; isOfficial: boolean },
    upload: { type: AcceptedFileType; size: number; name: string } | null,
    externalUrl: string | null,
  ): Promise<PublicationVersionEntity> {
    const repo = manager.getRepository(PublicationVersionEntity);
    return repo.save(
      repo.create({
        ...fields,
        publicationId,
        createdById: viewer.id,
        fileKey: upload ? (fields.fileKey ?? fields.id ?? null) : null,
        fileContentType: upload?.type.mime ?? null,
        fileSize: upload?.size ?? null,
        fileName: upload?.name ?? null,
        externalUrl,
      }),
    );
  }

  /**
   * Streams the upload into the storage under `id`, counting bytes (over the limit: the write fails and
   * nothing stays), then checks its type on the first bytes (and, for ZIP archives, on its entries).
   * `onStored` is called once the bytes are stored, so that the caller deletes them on a later refusal.
   */
  async store(
    id: string,
    upload: Promise<FileUpload>,
    onStored: () => void,
    max: number = this.maxUploadBytes,
  ): Promise<{ type: AcceptedFileType; size: number; name: string }> {
    const tooBig = () =>
      bad('file', `must be at most ${max} bytes`, `The file is too large (${max} bytes at most).`);
    let file: FileUpload;
    let source: Readable;
    try {
      file = await upload;
      source = file.createReadStream();
    } catch (err) {
      if ((err as { status?: number }).status === 413) throw tooBig();
      throw bad('file', 'the upload failed', 'The file could not be read.');
    }
    let size = 0;
    let head = Buffer.alloc(0);
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > max) return done(new TooLarge());
        if (head.length < HEAD_BYTES)
          head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
        done(null, chunk);
      },
    });
    source.on('limit', () => counter.destroy(new TooLarge()));
    try {
      await this.storage.put(id, source.pipe(counter));
    } catch (err) {
      drain(source);
      if (err instanceof TooLarge || (err as { status?: number }).status === 413) throw tooBig();
      throw err;
    }
    onStored();
    if ((source as Readable & { truncated?: boolean }).truncated) throw tooBig();
    if (size === 0) throw bad('file', 'must not be empty', 'The file is empty.');
    const type = await detectFileType(head, async () => this.readAll(id));
    if (!type)
      throw bad(
        'file',
        `must be ${ACCEPTED_TYPES_TEXT}`,
        `The file's content is not an accepted type (${ACCEPTED_TYPES_TEXT}), whatever its name says.`,
      );
    const name = (file.filename || '').slice(0, VERSION_LIMITS.filename);
    return { type, size, name };
  }

  private async readAll(id: string): Promise<Uint8Array> {
    const stream = await this.storage.get(id);
    if (!stream) return new Uint8Array();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** A keyset page of the publications the viewer may see, newest first, narrowed by the filter. */
  async list(
    viewer: Viewer,
    filter: PublicationFilter | null | undefined,
    args: PageArgs,
  ): Promise<Page<PublicationEntity>> {
    const f = filter ?? {};
    const conditions: Sql[] = [policyScope(viewer, (v) => publicationReadSql(v, 'p'))];
    if (f.kinds?.length) conditions.push(sql`p."kind"::text = ANY(${f.kinds}::text[])`);
    if (f.thematicAreaCodes?.length) {
      checkThematicAreas(this.catalog, f.thematicAreaCodes, 'filter.thematicAreaCodes');
      conditions.push(sql`p."thematicAreaCodes" && ${f.thematicAreaCodes}::text[]`);
    }
    if (f.countryCodes?.length)
      conditions.push(sql`p."countryCodes" && ${f.countryCodes.map((c) => c.toUpperCase())}::text[]`);
    if (f.year != null) conditions.push(sql`p."year" = ${f.year}::int`);
    if (f.yearFrom != null) conditions.push(sql`p."year" >= ${f.yearFrom}::int`);
    if (f.yearTo != null) conditions.push(sql`p."year" <= ${f.yearTo}::int`);
    if (f.languages?.length) {
      const tags = f.languages.map((l, i) => checkLanguageTag(l, `filter.languages[${i}]`).toLowerCase());
      const prefixes = tags.map((t) => `${t}-`);
      conditions.push(
        sql`EXISTS (SELECT 1 FROM publication_version fv WHERE fv."publicationId" = p."id"
          AND (lower(fv."language") = ANY(${tags}::text[])
            OR EXISTS (SELECT 1 FROM unnest(${prefixes}::text[]) AS pre(x) WHERE starts_with(lower(fv."language"), pre.x))))`,
      );
    }
    const qb = this.dataSource.getRepository(PublicationEntity).createQueryBuilder('p');
    return entityPage(qb, PUBLICATION_ORDER, PUBLICATION_ORDER.window(args), conditions);
  }

  /**
   * A version's file for `GET /files/<id>`: null when there is no such file or the viewer may not see its
   * publication (the same policy as every other path).
   */
  async download(
    viewer: Viewer | null,
    versionId: string,
  ): Promise<{ version: PublicationVersionEntity; stream: Readable } | null> {
    if (!viewer || !/^[0-9a-f-]{36}$/i.test(versionId)) return null;
    const version = await this.dataSource
      .getRepository(PublicationVersionEntity)
      .findOneBy({ id: versionId });
    if (!version || !version.fileContentType) return null;
    if (!(await this.visible(viewer, version.publicationId))) return null;
    const stream = await this.storage.get(version.fileKey ?? version.id);
    return stream ? { version, stream } : null;
  }
}
