import DataLoader from 'dataloader';
import type { CertificateEntity } from './certificate.entity';
import type { CertificateService } from './certificate.service';

export interface CertificateLoaders {
  byId: DataLoader<string, CertificateEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    certificate: CertificateLoaders;
  }
}

/** The certificate module's per-request loaders (certificates by id, for `node`). */
export function createCertificateLoaders(certificates: CertificateService): CertificateLoaders {
  return {
    byId: new DataLoader<string, CertificateEntity | null>(async (ids) => {
      const map = new Map((await certificates.byIds(ids)).map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
