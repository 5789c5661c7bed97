import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { PLAIN_TEXT_NOTE } from '../../common/markdown/render-markdown';
import { PUBLICATION_LIMITS } from './publication.entity';
import { PublicationKind, PublicationVisibility } from './publication.enums';

@ObjectType('Publication', {
  implements: Node,
  description:
    'A technical tool of the library (handbook, model law, digest, training module, report) and its ' +
    'language versions. Seen by every member (COMMUNITY) or the members of its networks (NETWORKS).',
})
export class Publication extends Node {
  @Field(() => PublicationKind, { description: 'What it is.' })
  kind: PublicationKind;

  @Field({ description: `Title (up to ${PUBLICATION_LIMITS.title} characters).` })
  title: string;

  @Field({ description: `Short summary (up to 1,000 characters). ${PLAIN_TEXT_NOTE}` })
  summary: string;

  @Field(() => String, { nullable: true, description: 'The UN document symbol.' })
  symbol: string | null;

  @Field(() => String, { nullable: true, description: 'The ISBN, as 13 digits.' })
  isbn: string | null;

  @Field(() => Int, { description: 'Year of publication.' })
  year: number;

  @Field(() => PublicationVisibility, { description: 'Who may see it and download its files.' })
  visibility: PublicationVisibility;

  @Field(() => Date, { nullable: true, description: 'When it was added to the library.' })
  publishedAt: Date | null;

  @Field({ description: 'When it was created.' })
  createdAt: Date;
}

export const PublicationConnection = Connection(Publication, 'Publication');

@ObjectType('PublicationVersion', {
  implements: Node,
  description:
    'One language version of a publication: an uploaded file (`downloadPath`) or an external link; seen by ' +
    'whoever sees its publication.',
})
export class PublicationVersion extends Node {
  @Field({ description: 'BCP 47 language tag (e.g. "fr", "zh-Hans", "ha").' })
  language: string;

  @Field({ description: 'Its own title, in its language.' })
  title: string;

  @Field({ description: 'Whether it is an official UN-language version (false: a local-language version).' })
  isOfficial: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The media type found in the file’s content (null for a link).',
  })
  fileContentType: string | null;

  @Field(() => Float, { nullable: true, description: 'The file’s size in bytes (null for a link).' })
  fileSize: number | null;

  @Field(() => String, { nullable: true, description: 'The https link (null for an uploaded file).' })
  externalUrl: string | null;

  @Field({ description: 'When it was added.' })
  createdAt: Date;
}
