import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { Language } from '../../common/i18n/language';
import {
  LegalDevelopmentAction,
  LegalDevelopmentKind,
  LegalDevelopmentStatus,
} from './legal-development.enums';
import { markdownSourceNote, PLAIN_TEXT_NOTE } from '../../common/markdown/render-markdown';

@ObjectType('LegalDevelopment', {
  implements: Node,
  description:
    'A new law, treaty action, court decision, policy or UN resolution. Published ones are visible to everyone; ' +
    'others to their author and the moderators.',
})
export class LegalDevelopment extends Node {
  @Field(() => LegalDevelopmentKind, { description: 'What kind of development it is.' })
  kind: LegalDevelopmentKind;

  @Field({ description: 'Title (up to 300 characters).' })
  title: string;

  @Field({
    description: `Short summary shown in lists and feeds (up to 2,000 characters). ${PLAIN_TEXT_NOTE}`,
  })
  summary: string;

  @Field({ description: `Full text (up to 50,000 characters). ${markdownSourceNote('bodyHtml')}` })
  body: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The international or regional body it concerns (e.g. `UN Security Council`); null for a country.',
  })
  jurisdictionBody: string | null;

  @Field({ description: 'When it took effect or was decided (YYYY-MM-DD).' })
  effectiveDate: string;

  @Field({ description: 'Citation (e.g. the law’s number or the case reference); empty when none.' })
  citation: string;

  @Field(() => String, { nullable: true, description: 'Where its text is published.' })
  sourceUrl: string | null;

  @Field(() => Language, { description: 'Language it is written in.' })
  language: string;

  @Field(() => LegalDevelopmentStatus, { description: 'Where it stands in review.' })
  status: LegalDevelopmentStatus;

  @Field(() => Date, { nullable: true, description: 'When it was published; null until then.' })
  publishedAt: Date | null;

  @Field({ description: 'Demo data of the demo community.' })
  isDemo: boolean;

  @Field(() => Date, { nullable: true, description: 'When it was last edited after its creation.' })
  editedAt: Date | null;

  @Field({ description: 'When it was created.' })
  createdAt: Date;
}

export const LegalDevelopmentConnection = Connection(LegalDevelopment, 'LegalDevelopment');

@ObjectType('LegalDevelopmentTransition', {
  description: 'One recorded step of a legal development’s review.',
})
export class LegalDevelopmentTransition {
  @Field(() => LegalDevelopmentAction, { description: 'What happened.' })
  action: LegalDevelopmentAction;

  @Field(() => LegalDevelopmentStatus, {
    nullable: true,
    description: 'Status before; null for the first step.',
  })
  fromStatus: LegalDevelopmentStatus | null;

  @Field(() => LegalDevelopmentStatus, { description: 'Status after.' })
  toStatus: LegalDevelopmentStatus;

  @Field(() => String, { nullable: true, description: 'The note given with the decision.' })
  note: string | null;

  @Field({ description: 'When it happened.' })
  createdAt: Date;
}
