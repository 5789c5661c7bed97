import { Arg, Authorized, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { Role } from '../../common/auth/role';
import { toGlobalId, fromGlobalIdOf } from '../../common/relay/global-id';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Practitioner, PRACTITIONER_TYPE } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import type { AccountDeletionService, DeletionOutcome } from './account-deletion.service';
import { DeleteAccountInput, DeletePractitionerInput } from './account-deletion.inputs';
import { DeleteAccountPayload, DeletePractitionerPayload } from './account-deletion.payloads';

function payload(o: DeletionOutcome): DeleteAccountPayload {
  return {
    deletedPractitionerId: toGlobalId(PRACTITIONER_TYPE, o.practitionerId),
    contentRemoved: o.contentRemoved,
    sessionsEnded: o.sessionsEnded,
  };
}

/** Deleting an account (docs/api.md, "Accounts", "Deleting an account"). */
@Resolver()
export class AccountDeletionResolver {
  constructor(private readonly deletion: AccountDeletionService) {}

  @Authorized()
  @RateLimit('password')
  @Mutation(() => DeleteAccountPayload, {
    description:
      'Deletes your account at once: your profile, address, contacts, follows, blocks, memberships, ' +
      'registrations, notifications, sessions and security log go; every session ends and its WebSockets ' +
      'close. Your posts and comments stay, attributed to "Former member", unless `removeContent`. The ' +
      'address can register again. A wrong password is BAD_USER_INPUT (`reason` WRONG_PASSWORD).',
  })
  async deleteAccount(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeleteAccountInput, {
      description: 'Your password, and whether to remove your content.',
    })
    input: DeleteAccountInput,
  ): Promise<DeleteAccountPayload> {
    return payload(await this.deletion.deleteOwn(viewer, input.password, input.removeContent));
  }

  @Authorized(Role.ADMIN)
  @RateLimit('role')
  @Mutation(() => DeletePractitionerPayload, {
    description:
      'Deletes a practitioner’s account as `deleteAccount` does (admins only), with a reason entered in the ' +
      'moderation log (PRACTITIONER_DELETED). Your own account: BAD_USER_INPUT (use deleteAccount); an ' +
      'unknown or already deleted one: NOT_FOUND.',
  })
  async deletePractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeletePractitionerInput, {
      description: 'The practitioner, the reason, the content.',
    })
    input: DeletePractitionerInput,
  ): Promise<DeletePractitionerPayload> {
    const id = fromGlobalIdOf(PRACTITIONER_TYPE, input.practitionerId, 'practitionerId');
    return payload(await this.deletion.deleteByAdmin(viewer, id, input.reason, input.removeContent));
  }
}

/** `Practitioner.isDeleted`: the tombstone of a deleted account, as content keeps showing it. */
@Resolver(() => Practitioner)
export class PractitionerDeletionResolver {
  @FieldResolver(() => Boolean, {
    description:
      'True when the account was deleted: this is a tombstone named "Former member" with no personal data, ' +
      'kept so that what they wrote stays attributed. Show it as a former member, not as a person.',
  })
  isDeleted(@Root() p: PractitionerEntity): boolean {
    return p.deletedAt !== null && p.deletedAt !== undefined;
  }
}
