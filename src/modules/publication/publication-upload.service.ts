import crypto, { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { FileUpload } from 'graphql-upload-minimal';
import type { Viewer } from '../../common/auth/viewer';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import { Role } from '../../common/auth/role';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { query, sql } from '../../common/db/sql';
import type { FileStorage } from '../../common/storage/file-storage';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { VERSION_LIMITS } from './publication.entity';
import { PublicationUploadEntity } from './publication-upload.entity';
import type { CreateUploadUrlInput } from './publication-upload.inputs';
import { ACCEPTED_TYPES_TEXT, DOCX, EPUB, PDF, PPTX, XLSX } from './publication-file-type';
import type { PublicationService } from './publication.service';
import { derivedKey } from '../../common/auth/sealed';

/** How long a signed upload URL is valid (at most 15 minutes). */
export const UPLOAD_URL_TTL_SECONDS = 10 * 60;
/** The URL path uploads are PUT to: `/uploads/<id>?expires=<unix seconds>&signature=<HMAC>`. */
export const UPLOAD_PATH = '/uploads';

const ACCEPTED_MIMES = new Set([PDF, DOCX, XLSX, PPTX, EPUB].map((t) => t.mime));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the PUT handler answers: an HTTP status and a JSON body. */
export interface UploadAnswer {
  status: number;
  body: Record<string, unknown>;
}

const refusal = (status: number, error: string): UploadAnswer => ({ status, body: { error } });

/** A received upload as a version takes it: its storage key, the type found in it, its size and name. */
export interface TakenUpload {
  key: string;
  mime: string;
  size: number;
  name: string;
}

/**
 * The library's second upload path (docs/api.md, "Signed upload URLs"): `createUploadUrl` answers an upload
 * id and a short-lived single-use URL signed with an HMAC; the client PUTs the bytes there (checked as
 * multipart uploads are: the size, then the type on the content); the id is then attached to a version
 * (`addPublicationVersion(input: { uploadId })`). Unattached uploads are swept with their files.
 */
export class PublicationUploadService {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly publications: PublicationService,
    private readonly storage: FileStorage,
    secret: string,
    private readonly maxUploadBytes: number,
    private readonly maxAgeSeconds: number,
  ) {
    this.key = derivedKey(secret, 'upload-urls-v1'); // the HMAC key of upload URLs
  }

  private signature(id: string, expires: number): string {
    return crypto.createHmac('sha256', this.key).update(`upload:${id}:${expires}`).digest('base64url');
  }

  /** The signed path of an upload. */
  pathOf(upload: PublicationUploadEntity): string {
    const expires = Math.floor(upload.expiresAt.getTime() / 1000);
    return `${UPLOAD_PATH}/${upload.id}?expires=${expires}&signature=${this.signature(upload.id, expires)}`;
  }

  /**
   * Who may upload: whoever may add to the library (experts, moderators, admins, network owners), verified.
   * Attaching the upload then needs the rights on the publication.
   */
  private async mayUpload(viewer: Viewer): Promise<boolean> {
    if (!isVerified(viewer)) return false;
    const moderator: boolean = isGlobalModerator(viewer);
    if (moderator || viewer.role === Role.EXPERT) return true;
    const owns = await query<{ one: number }>(
      this.dataSource,
      sql`SELECT 1 AS one FROM network_member WHERE "practitionerId" = ${viewer.id}
          AND "status" = 'ACTIVE' AND "role" = 'OWNER' LIMIT 1`,
    );
    return owns.length > 0;
  }

  async create(viewer: Viewer, input: CreateUploadUrlInput): Promise<PublicationUploadEntity> {
    const fileName = input.fileName.trim();
    if (!fileName)
      throw new BadUserInputError('fileName cannot be blank.', [
        { field: 'fileName', message: 'cannot be blank' },
      ]);
    const max = this.maxUploadBytes;
    if (input.size < 1 || input.size > max)
      throw new BadUserInputError(`The file is too large (${max} bytes at most).`, [
        { field: 'size', message: `must be between 1 and ${max} bytes` },
      ]);
    if (!ACCEPTED_MIMES.has(input.mediaType))
      throw new BadUserInputError(`The media type is not an accepted one (${ACCEPTED_TYPES_TEXT}).`, [
        { field: 'mediaType', message: `must be the media type of ${ACCEPTED_TYPES_TEXT}` },
      ]);
    if (!(await this.mayUpload(viewer)))
      throw new ForbiddenError('Experts, moderators, admins and network owners upload to the library.');
    const { idempotencyKey, ...args } = input;
    const load = (id: string) =>
      this.dataSource.getRepository(PublicationUploadEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(viewer.id, 'createUploadUrl', idempotencyKey, args, load);
    if (create.earlier) return create.earlier;
    const { result } = await create.run((manager) =>
      manager.getRepository(PublicationUploadEntity).save(
        manager.create(PublicationUploadEntity, {
          id: randomUUID(),
          ownerId: viewer.id,
          purpose: input.purpose,
          fileName: fileName.slice(0, VERSION_LIMITS.filename),
          declaredSize: input.size,
          declaredType: input.mediaType,
          expiresAt: new Date(Date.now() + UPLOAD_URL_TTL_SECONDS * 1000),
          receivedAt: null,
          fileContentType: null,
          fileSize: null,
        }),
      ),
    );
    return result;
  }

  /**
   * `PUT /uploads/<id>`: checks the signature and expiry (403), that the URL was not used (409) and the
   * upload exists (404), then streams the body into the storage: more than the declared size is 413, a type
   * not accepted 415, nothing 400; on any refusal nothing stays and the URL is spent.
   */
  async receive(
    id: string,
    expiresText: unknown,
    signatureText: unknown,
    body: Readable,
    contentLength: number | null,
  ): Promise<UploadAnswer> {
    const expires =
      typeof expiresText === 'string' && /^\d{1,12}$/.test(expiresText) ? Number(expiresText) : NaN;
    const given = typeof signatureText === 'string' ? Buffer.from(signatureText) : Buffer.alloc(0);
    if (!UUID.test(id) || !Number.isFinite(expires)) return refusal(403, 'invalid upload URL');
    const expected = Buffer.from(this.signature(id, expires));
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      return refusal(403, 'invalid upload URL');
    if (expires * 1000 <= Date.now()) return refusal(403, 'expired upload URL');
    const claimed = await query<{ id: string; declaredSize: string; fileName: string }>(
      this.dataSource,
      sql`WITH c AS (UPDATE publication_upload SET "receivedAt" = now()
            WHERE "id" = ${id} AND "receivedAt" IS NULL AND "expiresAt" > now()
            RETURNING "id", "declaredSize", "fileName")
          SELECT * FROM c`,
    );
    if (!claimed.length) {
      const row = await this.dataSource.getRepository(PublicationUploadEntity).findOneBy({ id });
      if (!row) return refusal(404, 'no such upload');
      return row.receivedAt
        ? refusal(409, 'this upload URL was used already')
        : refusal(403, 'expired upload URL');
    }
    const declared = Number(claimed[0].declaredSize);
    const fail = async (answer: UploadAnswer) => {
      await this.storage.delete(id);
      await this.dataSource.getRepository(PublicationUploadEntity).delete({ id });
      return answer;
    };
    if (contentLength != null && contentLength > declared) {
      body.resume();
      return fail(refusal(413, `the file is larger than the declared ${declared} bytes`));
    }
    const file = {
      filename: claimed[0].fileName,
      mimetype: 'application/octet-stream',
      encoding: 'binary',
      fieldName: 'file',
      createReadStream: () => body,
    } as unknown as FileUpload;
    try {
      const stored = await this.publications.store(id, Promise.resolve(file), () => undefined, declared);
      await this.dataSource
        .getRepository(PublicationUploadEntity)
        .update({ id }, { fileContentType: stored.type.mime, fileSize: stored.size });
      return {
        status: 201,
        body: { uploadId: id, fileContentType: stored.type.mime, fileSize: stored.size },
      };
    } catch (err) {
      if (!(err instanceof BadUserInputError)) {
        await fail(refusal(500, 'the upload failed'));
        throw err;
      }
      const text = err.message;
      const status = /too large/.test(text) ? 413 : /not an accepted type/.test(text) ? 415 : 400;
      return fail(refusal(status, text));
    }
  }

  /**
   * Takes a received upload of the viewer's for a version, in the caller's transaction: the row goes (an
   * upload is attached once), the key passes to the version. NOT_FOUND when it is unknown, someone else's,
   * not received (or refused) or attached already.
   */
  async take(manager: EntityManager, viewer: Viewer, uploadId: string): Promise<TakenUpload> {
    if (!UUID.test(uploadId)) throw new NotFoundError('Upload');
    const rows = await query<{ id: string; fileContentType: string; fileSize: string; fileName: string }>(
      manager,
      sql`WITH t AS (DELETE FROM publication_upload
            WHERE "id" = ${uploadId} AND "ownerId" = ${viewer.id} AND "fileContentType" IS NOT NULL
            RETURNING "id", "fileContentType", "fileSize", "fileName")
          SELECT * FROM t`,
    );
    if (!rows.length) throw new NotFoundError('Upload');
    const r = rows[0];
    return { key: r.id, mime: r.fileContentType, size: Number(r.fileSize), name: r.fileName };
  }

  /** Removes the uploads older than UPLOAD_MAX_AGE_SECONDS that were never attached, and their files. */
  async sweep(): Promise<number> {
    const rows = await query<{ id: string }>(
      this.dataSource,
      sql`WITH s AS (DELETE FROM publication_upload
            WHERE "createdAt" < now() - make_interval(secs => ${this.maxAgeSeconds}::int)
            RETURNING "id")
          SELECT * FROM s`,
    );
    for (const r of rows) await this.storage.delete(r.id);
    return rows.length;
  }
}
