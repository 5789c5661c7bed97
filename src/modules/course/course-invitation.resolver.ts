import { ListSize } from '../../common/limits/list-size';
import { MAX_NOMINATIONS_LISTED } from './course-invitation.loaders';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY, VerificationStatus } from '../../common/auth/role';
import { isGlobalModerator, isVerified } from '../../common/auth/policy';
import { BadUserInputError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Practitioner, PRACTITIONER_TYPE } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { visibleAuthor } from '../content';
import type { CourseEnrollmentEntity, CourseEntity } from './course.entity';
import { CourseInvitationStatus } from './course.enums';
import {
  AcceptCourseInvitationInput,
  InviteToCourseInput,
  RevokeCourseInvitationInput,
} from './course.inputs';
import { COURSE_TYPE } from './course.service';
import { Course, CourseEnrollment } from './course.types';
import { managesCourse } from './course-access';
import type { CourseEnrollmentService } from './course-enrollment.service';
import { CourseInvitationEntity } from './course-invitation.entity';
import type { CourseInvitationService } from './course-invitation.service';
import { invitationStatus } from './course-invitation.service';
import {
  CourseInvitation,
  CourseInvitationConnection,
  CourseInvitationPreview,
} from './course-invitation.types';
import { Public } from '../../common/auth/auth-checker';

export const COURSE_INVITATION_TYPE = 'CourseInvitation';

/** An invitation: those who run its course, or its inviter. */
export async function canReadInvitation(ctx: Context, i: CourseInvitationEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  if (i.invitedById === ctx.viewer.id) return true;
  const course = await ctx.loaders.course.byId.load(i.courseId);
  return !!course && (await managesCourse(ctx, course));
}

export const courseInvitationNode = nodeType<CourseInvitationEntity>(COURSE_INVITATION_TYPE, {
  isTypeOf: (value) => value instanceof CourseInvitationEntity,
  byId: (ctx, id) => ctx.loaders.courseInvitation.byId.load(id),
  canRead: canReadInvitation,
});

@ObjectType('InviteToCoursePayload', { description: 'The invitation made.' })
export class InviteToCoursePayload {
  @Field(() => CourseEnrollment, {
    nullable: true,
    description: 'The INVITED enrolment (an invitation of a member by `practitionerId`); null for `email`.',
  })
  enrollment: CourseEnrollmentEntity | null;

  @Field(() => CourseInvitation, {
    nullable: true,
    description: 'The e-mail invitation (an invitation by `email`); null for `practitionerId`.',
  })
  invitation: CourseInvitationEntity | null;
}

@ObjectType('AcceptCourseInvitationPayload', { description: 'What accepting the invitation did.' })
export class AcceptCourseInvitationPayload {
  @Field(() => VerificationStatus, {
    description:
      'Your account’s verification now: VERIFIED (a member, or made one by the moderator who invited you) or ' +
      'PENDING (the invitation is a nomination moderators see; you are enrolled when they verify you).',
  })
  verification: VerificationStatus;

  @Field(() => CourseEnrollment, {
    nullable: true,
    description:
      'Your enrolment (APPROVED; PENDING on the waiting list of a full course; INVITED while the course is ' +
      'not published); null while your account awaits vetting.',
  })
  enrollment: CourseEnrollmentEntity | null;
}

@ObjectType('RevokeCourseInvitationPayload', { description: 'The invitation revoked.' })
export class RevokeCourseInvitationPayload {
  @Field(() => CourseInvitation, { description: 'The invitation, REVOKED.' })
  invitation: CourseInvitationEntity;
}

@Resolver(() => CourseInvitation)
export class CourseInvitationResolver {
  constructor(
    private readonly invitations: CourseInvitationService,
    private readonly enrollments: CourseEnrollmentService,
  ) {}

  @Authorized(COMMUNITY)
  @RateLimit('invitation')
  @Mutation(() => InviteToCoursePayload, {
    description:
      'Invites to a course (its facilitators and moderators): exactly one of `practitionerId` (a verified ' +
      'member, who accepts with `enrollInCourse`) and `email` (a `course-invitation` message whose link, ' +
      'valid 14 days, is accepted with `acceptCourseInvitation`); BAD_USER_INPUT otherwise. The answer to an ' +
      'e-mail invitation is the same whether or not the address has an account.',
  })
  async inviteToCourse(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => InviteToCourseInput, { description: 'The course and the invitee.' })
    input: InviteToCourseInput,
  ): Promise<InviteToCoursePayload> {
    const byId = input.practitionerId != null;
    const byEmail = input.email != null;
    if (byId === byEmail)
      throw new BadUserInputError('Give exactly one of practitionerId and email.', [
        { field: 'practitionerId', message: 'exactly one of practitionerId and email' },
        { field: 'email', message: 'exactly one of practitionerId and email' },
      ]);
    const courseId = fromGlobalIdOf(COURSE_TYPE, input.courseId, 'courseId');
    if (byEmail) {
      const invitation = await this.invitations.invite(viewer, courseId, input.email!, input.idempotencyKey);
      return { enrollment: null, invitation };
    }
    const { enrollment } = await this.enrollments.invite(
      viewer,
      courseId,
      fromGlobalIdOf(PRACTITIONER_TYPE, input.practitionerId!, 'practitionerId'),
      input.idempotencyKey,
    );
    return { enrollment, invitation: null };
  }

  @Authorized()
  @RateLimit('token')
  @Mutation(() => AcceptCourseInvitationPayload, {
    description:
      'Accepts an e-mail invitation to a course for your account (signed in, verified or not), whose address ' +
      'must be the one invited. NOT_FOUND for an unknown, expired, revoked or used token (one answer for all, ' +
      'nothing written); FORBIDDEN, reason ACCOUNT_REJECTED, for rejected accounts. Verified members are ' +
      'enrolled. A PENDING account invited by a moderator is verified by that moderator (as ' +
      '`verifyPractitioner`) and enrolled; invited by a facilitator, it stays PENDING and the acceptance is a ' +
      'nomination: verifying the account enrols it, rejecting it removes the nomination.',
  })
  async acceptCourseInvitation(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('input', () => AcceptCourseInvitationInput, { description: 'The token.' })
    input: AcceptCourseInvitationInput,
  ): Promise<AcceptCourseInvitationPayload> {
    const result = await this.invitations.accept(viewer, input.token);
    if (result.verification !== viewer.verification) {
      // The account was verified by this very operation: its payload is read as the member it now is.
      ctx.viewer = { ...viewer, verification: result.verification };
      ctx.renewLoaders();
    }
    return result;
  }

  @Authorized(COMMUNITY)
  @Mutation(() => RevokeCourseInvitationPayload, {
    description:
      'Revokes a PENDING e-mail invitation (its inviter, the course’s facilitators and moderators; NOT_FOUND ' +
      'for others): its link stops working. CONFLICT for an accepted, expired or revoked one.',
  })
  async revokeCourseInvitation(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RevokeCourseInvitationInput, { description: 'The invitation.' })
    input: RevokeCourseInvitationInput,
  ): Promise<RevokeCourseInvitationPayload> {
    const id = fromGlobalIdOf(COURSE_INVITATION_TYPE, input.id, 'id');
    return { invitation: await this.invitations.revoke(viewer, id) };
  }

  @Public()
  @RateLimit('token')
  @Query(() => CourseInvitationPreview, {
    nullable: true,
    description:
      'Public (no sign-in), for the landing page of `/course-invitations/<token>`: only the course’s title, ' +
      'the inviter’s name, the expiry and the status; null for an unknown token. Rate-limited per client IP ' +
      '(the `token` budget), against guessing.',
  })
  courseInvitation(
    @Arg('token', { description: 'The token of the link.' }) token: string,
  ): Promise<CourseInvitationPreview | null> {
    return this.invitations.preview(token);
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() i: CourseInvitationEntity): string {
    return toGlobalId(COURSE_INVITATION_TYPE, i.id);
  }

  @FieldResolver(() => Course, { description: 'The course.' })
  async course(@Root() i: CourseInvitationEntity, @Ctx() ctx: Context): Promise<CourseEntity> {
    return (await ctx.loaders.course.byId.load(i.courseId))!;
  }

  @FieldResolver(() => CourseInvitationStatus, { description: 'PENDING, ACCEPTED, EXPIRED or REVOKED.' })
  status(@Root() i: CourseInvitationEntity): CourseInvitationStatus {
    return invitationStatus(i);
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who invited; null if their profile is not visible to you.',
  })
  invitedBy(@Root() i: CourseInvitationEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, i.invitedById);
  }
}

@Resolver(() => Course)
export class CourseInvitationsFieldResolver {
  constructor(private readonly service: CourseInvitationService) {}

  @FieldResolver(() => CourseInvitationConnection, {
    nullable: true,
    description:
      'Its e-mail invitations, newest first: for its facilitators and moderators; null for everyone else.',
  })
  async invitations(
    @Root() c: CourseEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<CourseInvitationEntity> | null> {
    if (!(await managesCourse(ctx, c))) return null;
    return this.service.list(c.id, args);
  }
}

@Resolver(() => Practitioner)
export class PractitionerCourseNominationsResolver {
  @ListSize(MAX_NOMINATIONS_LISTED)
  @FieldResolver(() => [CourseInvitation], {
    nullable: true,
    description:
      'For moderators vetting this account (null for everyone else): the course invitations it accepted ' +
      'while awaiting vetting (the oldest 50), each naming its course and who invited (a nomination). ' +
      'Verifying the account enrols it in each course; rejecting it removes them.',
  })
  async courseNominations(
    @Root() p: PractitionerEntity,
    @Ctx() ctx: Context,
  ): Promise<CourseInvitationEntity[] | null> {
    if (!isGlobalModerator(ctx.viewer)) return null;
    return ctx.loaders.courseInvitation.nominationsOf.load(p.id);
  }
}
