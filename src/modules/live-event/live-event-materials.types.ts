import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Language } from '../../common/i18n/language';
import { markdownSourceNote } from '../../common/markdown/render-markdown';

@ObjectType('LiveEventRecording', {
  implements: Node,
  description: 'A recording of a live event in one language: seen by whoever may see the event.',
})
export class LiveEventRecording extends Node {
  @Field(() => Language, { description: 'Its language.' })
  language: string;

  @Field({ description: 'Where to watch or listen (https).' })
  url: string;

  @Field(() => String, { nullable: true, description: 'Its title.' })
  title: string | null;

  @Field(() => Int, { nullable: true, description: 'Its length in seconds.' })
  durationSeconds: number | null;

  @Field({ description: 'When it was added.' })
  createdAt: Date;
}

@ObjectType('LiveEventTranscript', {
  implements: Node,
  description:
    'The transcript of a live event in one language (one per language): seen by whoever may see the event.',
})
export class LiveEventTranscript extends Node {
  @Field(() => Language, { description: 'Its language.' })
  language: string;

  @Field({ description: `The transcript. ${markdownSourceNote('bodyHtml')}` })
  body: string;

  @Field({ description: 'When it was first set.' })
  createdAt: Date;

  @Field({ description: 'When it was last replaced.' })
  updatedAt: Date;
}
