import { Field, InputType, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { NotificationType } from '../notification-type';

export const NOTIFICATION_TYPE = 'Notification';

@ObjectType('Notification', {
  implements: Node,
  description: 'Something that happened that you should know about. Visible to its recipient only.',
})
export class Notification extends Node {
  @Field(() => NotificationType, { description: 'What happened.' })
  type: NotificationType;

  @Field(() => String, {
    nullable: true,
    description:
      'The decision, for POST_REVIEWED (a ReviewDecision), VERIFICATION_DECIDED (APPROVE or REJECT) and ' +
      'MODERATION_ACTION_ON_YOUR_CONTENT (a ModerationAction).',
  })
  decision: string | null;

  @Field(() => String, { nullable: true, description: 'The moderator’s note, when the decision has one.' })
  note: string | null;

  @Field(() => Date, { nullable: true, description: 'When you marked it read; null while unread.' })
  readAt: Date | null;

  @Field(() => Date, { description: 'When it happened.' })
  createdAt: Date;
}

export const NotificationConnection = Connection(Notification, 'Notification');

@ObjectType('NotificationPreference', { description: 'Whether one type of notification is on.' })
export class NotificationPreference {
  @Field(() => NotificationType, { description: 'The type.' })
  type: NotificationType;

  @Field({ description: 'Whether you receive it (every type is on until you switch it off).' })
  enabled: boolean;
}

@InputType('NotificationPreferenceInput', { description: 'Switches one type of notification on or off.' })
export class NotificationPreferenceInput {
  @Field(() => NotificationType, { description: 'The type.' })
  type: NotificationType;

  @Field({ description: 'On (true) or off (false).' })
  enabled: boolean;
}
