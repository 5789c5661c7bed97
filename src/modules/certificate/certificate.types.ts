import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import type { CertificateEntity } from './certificate.entity';

export enum CertificateStatus {
  VALID = 'VALID',
  REVOKED = 'REVOKED',
}
registerEnumType(CertificateStatus, {
  name: 'CertificateStatus',
  description: 'Whether a certificate still stands.',
  valuesConfig: {
    VALID: { description: 'Issued and not revoked.' },
    REVOKED: { description: 'Revoked by the course’s facilitators or moderators.' },
  },
});

@ObjectType('Certificate', {
  implements: Node,
  description:
    'A certificate of completion of a course, issued once when an enrolment reaches 100 %. Visible to its ' +
    'holder, the course’s facilitators and moderators; anyone can check its `code` with `verifyCertificate`.',
})
export class Certificate extends Node {
  @Field({
    description:
      'The verification code: 160 random bits in Crockford base32, 8 groups of 4 (`XXXX-XXXX-…`). Case, ' +
      'dashes and spaces do not matter when it is typed.',
  })
  code: string;

  @Field(() => Date, { description: 'When it was issued (the completion of the course).' })
  issuedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was revoked; null while VALID.' })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was revoked; null while VALID.' })
  revocationReason: string | null;
}

export const CertificateConnection = Connection(Certificate, 'Certificate');

@ObjectType({
  description:
    'What public verification of a certificate code tells, and nothing else: the holder’s display name, ' +
    'the course title, the issue date, and whether it is VALID or REVOKED.',
})
export class CertificateVerification {
  @Field({ description: 'The holder’s display name.' })
  holderName: string;

  @Field({ description: 'The title of the course.' })
  courseTitle: string;

  @Field(() => Date, { description: 'When it was issued.' })
  issuedAt: Date;

  @Field(() => CertificateStatus, { description: 'VALID or REVOKED.' })
  status: CertificateStatus;
}

@InputType({ description: 'The input of `revokeCertificate`.' })
export class RevokeCertificateInput {
  @Field(() => ID, { description: 'The certificate.' })
  id: string;

  @Field({ description: 'Why it is revoked (1 to 1000 characters), shown to its holder.' })
  reason: string;
}

@ObjectType({ description: 'The result of `revokeCertificate`.' })
export class RevokeCertificatePayload {
  @Field(() => Certificate, { description: 'The certificate, now REVOKED.' })
  certificate: CertificateEntity;
}
