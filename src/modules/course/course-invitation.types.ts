import { Field, ObjectType } from 'type-graphql';
import { CourseInvitationStatus } from './course.enums';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';

@ObjectType('CourseInvitation', {
  implements: Node,
  description:
    'An invitation to a course sent to an e-mail address: seen by the course’s facilitators and moderators ' +
    '(and, while the acceptor awaits vetting, as their `Practitioner.courseNominations`).',
})
export class CourseInvitation extends Node {
  @Field({ description: 'The address invited (normalised: trimmed, lower case).' })
  email: string;

  @Field({ description: 'Until when its link works (14 days after it was sent).' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was accepted.' })
  acceptedAt: Date | null;

  @Field({ description: 'When it was sent.' })
  createdAt: Date;
}
export const CourseInvitationConnection = Connection(CourseInvitation, 'CourseInvitation');

@ObjectType('CourseInvitationPreview', {
  description:
    'What the landing page of an invitation link shows (`courseInvitation(token)`), and nothing else.',
})
export class CourseInvitationPreview {
  @Field({ description: 'The course’s title.' })
  courseTitle: string;

  @Field({ description: 'The inviter’s display name.' })
  inviterName: string;

  @Field({ description: 'Until when the link works.' })
  expiresAt: Date;

  @Field(() => CourseInvitationStatus, {
    description: 'PENDING (it can be accepted), ACCEPTED, EXPIRED or REVOKED.',
  })
  status: CourseInvitationStatus;
}
