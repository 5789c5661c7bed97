import { Field } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional, MaxLength } from 'class-validator';
import { Language } from '../../common/i18n/language';
import { MultiLine } from '../../common/validation/text';
import { CodePointLength } from '../practitioner';
import type { ContentLimits } from './content.entity';

/** How one content type words and bounds the shared input fields. */
export interface ContentInputShape {
  limits: ContentLimits;
  /** How its body is described: "Body in Markdown", "Full text in Markdown", ... */
  body: string;
  /** At most this many thematic areas. */
  thematicAreas: number;
}

const n = (x: number) => x.toLocaleString('en');

type ContentField = 'title' | 'summary' | 'body' | 'language' | 'thematicAreaCodes';

/** One property decorator made of several. */
function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, field) => decorators.forEach((d) => d(target, field));
}

/**
 * The fields every new piece of content has (title, summary, body, language, thematic areas), with the bounds
 * of its entity: one property decorator per field, for a type's create input (`@CREATE.title title: string`).
 * Decorators rather than a base class: type-graphql does not carry field extensions (`@MultiLine`) to
 * subclasses, and the fields keep their place among the type's own (validation reports them in that order).
 */
export function CreateContentFields(shape: ContentInputShape): Record<ContentField, PropertyDecorator> {
  const { limits } = shape;
  return {
    title: all(
      Field(() => String, { description: `Title (1 to ${n(limits.title)} characters).` }),
      CodePointLength(1, limits.title),
    ),
    summary: all(
      Field(() => String, {
        nullable: true,
        defaultValue: '',
        description: `Summary (up to ${n(limits.summary)} characters).`,
      }),
      CodePointLength(0, limits.summary),
      MultiLine(),
    ),
    body: all(
      Field(() => String, {
        nullable: true,
        defaultValue: '',
        description: `${shape.body} (up to ${n(limits.body)} characters).`,
      }),
      CodePointLength(0, limits.body),
      MultiLine(),
    ),
    language: all(
      Field(() => Language, { description: 'Language it is written in.' }),
      IsEnum(Language),
    ),
    thematicAreaCodes: all(
      Field(() => [String], {
        nullable: true,
        defaultValue: [],
        description: `Codes of the thematic areas concerned (up to ${shape.thematicAreas}).`,
      }),
      ArrayMaxSize(shape.thematicAreas),
      ArrayUnique(),
      MaxLength(64, { each: true }),
    ),
  };
}

/** The same fields as changes (omitted ones stay as they are), for a type's update input. */
export function UpdateContentFields(
  shape: ContentInputShape & { thematicAreasDescription: string },
): Record<ContentField, PropertyDecorator> {
  const { limits } = shape;
  return {
    title: all(
      Field(() => String, { nullable: true, description: `Title (1 to ${n(limits.title)} characters).` }),
      IsOptional(),
      CodePointLength(1, limits.title),
    ),
    summary: all(
      Field(() => String, {
        nullable: true,
        description: `Summary (up to ${n(limits.summary)} characters).`,
      }),
      IsOptional(),
      CodePointLength(0, limits.summary),
      MultiLine(),
    ),
    body: all(
      Field(() => String, {
        nullable: true,
        description: `${shape.body} (up to ${n(limits.body)} characters).`,
      }),
      IsOptional(),
      CodePointLength(0, limits.body),
      MultiLine(),
    ),
    language: all(
      Field(() => Language, { nullable: true, description: 'Language it is written in.' }),
      IsOptional(),
      IsEnum(Language),
    ),
    thematicAreaCodes: all(
      Field(() => [String], { nullable: true, description: shape.thematicAreasDescription }),
      IsOptional(),
      ArrayMaxSize(shape.thematicAreas),
      ArrayUnique(),
      MaxLength(64, { each: true }),
    ),
  };
}
