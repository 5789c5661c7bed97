import { Field, ID, InputType } from 'type-graphql';
import { NotificationPreferenceInput } from './notification.types';

@InputType({ description: 'The input of `markNotificationsRead`.' })
export class MarkNotificationsReadInput {
  @Field(() => [ID], { description: 'Your notifications (up to 100); another’s is NOT_FOUND.' })
  ids: string[];
}

@InputType({ description: 'The input of `updateNotificationPreferences`.' })
export class UpdateNotificationPreferencesInput {
  @Field(() => [NotificationPreferenceInput], { description: 'The changes.' })
  preferences: NotificationPreferenceInput[];
}
