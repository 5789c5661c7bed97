import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { CertificateEntity } from './certificate.entity';
import { CertificateService, certificateConsumer } from './certificate.service';
import { CertificateResolver, certificateNode } from './certificate.resolver';
import { createCertificateLoaders } from './certificate.loaders';

/**
 * Certificates of completion (issue 14): issued once by the consumer of `course.completed`, `myCertificates`,
 * public `verifyCertificate`, `revokeCertificate`, and the PDF served by GET /certificates/<id>.pdf
 * (src/app/server.ts) in the six UN languages.
 */
export const certificateModule = defineModule({
  name: 'certificate',
  entities: [CertificateEntity],
  services: (s: { uow: UnitOfWork }, { dataSource, config }) => ({
    certificates: new CertificateService(dataSource, s.uow, config.pdfFontDir),
  }),
  resolvers: [{ resolver: CertificateResolver, create: (s) => new CertificateResolver(s.certificates) }],
  loaders: (_viewer, s) => ({ certificate: createCertificateLoaders(s.certificates) }),
  nodes: [certificateNode],
  outboxConsumers: (s) => [certificateConsumer(s.certificates)],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { CertificateEntity } from './certificate.entity';
export { CertificateFontError } from './certificate.pdf';
export { CertificateService, canViewCertificate } from './certificate.service';
