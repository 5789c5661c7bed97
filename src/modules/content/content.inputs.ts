import { Field } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional, MaxLength } from 'class-validator';
import { Language } from '../../common/i18n/language';
import { MultiLine } from '../../common/validation/text';
import { CodePointLength } from '../practitioner/practitioner.inputs';
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

/** Applies property decorators to a field of the decorated input class. */
function decorate(target: object, field: string, ...decorators: PropertyDecorator[]): void {
  for (const d of decorators) d(target, field);
}

/**
 * The fields every new piece of content has (title, summary, body, language, thematic areas), with the bounds
 * of its entity, added to a type's create input (which declares them with `declare` for TypeScript). A class
 * decorator rather than a base class: type-graphql does not carry field extensions (`@MultiLine`) to
 * subclasses.
 */
export function CreateContentFields(shape: ContentInputShape): ClassDecorator {
  const { limits } = shape;
  return (target) => {
    const p = target.prototype as object;
    decorate(
      p,
      'title',
      Field(() => String, { description: `Title (1 to ${n(limits.title)} characters).` }),
      CodePointLength(1, limits.title),
    );
    decorate(
      p,
      'summary',
      Field(() => String, {
        nullable: true,
        defaultValue: '',
        description: `Summary (up to ${n(limits.summary)} characters).`,
      }),
      CodePointLength(0, limits.summary),
      MultiLine(),
    );
    decorate(
      p,
      'body',
      Field(() => String, {
        nullable: true,
        defaultValue: '',
        description: `${shape.body} (up to ${n(limits.body)} characters).`,
      }),
      CodePointLength(0, limits.body),
      MultiLine(),
    );
    decorate(
      p,
      'language',
      Field(() => Language, { description: 'Language it is written in.' }),
      IsEnum(Language),
    );
    decorate(
      p,
      'thematicAreaCodes',
      Field(() => [String], {
        nullable: true,
        defaultValue: [],
        description: `Codes of the thematic areas concerned (up to ${shape.thematicAreas}).`,
      }),
      ArrayMaxSize(shape.thematicAreas),
      ArrayUnique(),
      MaxLength(64, { each: true }),
    );
  };
}

/** The same fields as changes (omitted ones stay as they are), added to a type's update input. */
export function UpdateContentFields(
  shape: ContentInputShape & { thematicAreasDescription: string },
): ClassDecorator {
  const { limits } = shape;
  return (target) => {
    const p = target.prototype as object;
    decorate(
      p,
      'title',
      Field(() => String, { nullable: true, description: `Title (1 to ${n(limits.title)} characters).` }),
      IsOptional(),
      CodePointLength(1, limits.title),
    );
    decorate(
      p,
      'summary',
      Field(() => String, {
        nullable: true,
        description: `Summary (up to ${n(limits.summary)} characters).`,
      }),
      IsOptional(),
      CodePointLength(0, limits.summary),
      MultiLine(),
    );
    decorate(
      p,
      'body',
      Field(() => String, {
        nullable: true,
        description: `${shape.body} (up to ${n(limits.body)} characters).`,
      }),
      IsOptional(),
      CodePointLength(0, limits.body),
      MultiLine(),
    );
    decorate(
      p,
      'language',
      Field(() => Language, { nullable: true, description: 'Language it is written in.' }),
      IsOptional(),
      IsEnum(Language),
    );
    decorate(
      p,
      'thematicAreaCodes',
      Field(() => [String], { nullable: true, description: shape.thematicAreasDescription }),
      IsOptional(),
      ArrayMaxSize(shape.thematicAreas),
      ArrayUnique(),
      MaxLength(64, { each: true }),
    );
  };
}
