import { registerDecorator } from 'class-validator';
import type { ValidationError } from 'class-validator';
import type { FieldProblem } from '../errors/errors';
import { checkDate, checkNotBlank, checkUrl } from './values';
import { BadUserInputError } from '../errors/errors';

/**
 * Value rules: checks of one input field that need no stored state (a well-formed date, an http(s) URL, a
 * non-blank text, a known country code), declared on the input class with a decorator and run by
 * type-graphql's validation before the resolver. A failing rule is reported exactly as the hand-written
 * check it replaces: its own message and one field problem (see `valueRuleError`).
 */
export interface ValueRuleFailure {
  message: string;
  problem: string;
}

/** Returns the failure of `value` in `field`, or null when it is acceptable (null/undefined are skipped). */
export type ValueRule = (value: unknown, field: string) => ValueRuleFailure | null;

interface RuleContext {
  field?: string;
}

const RULES = new Map<string, ValueRule>();

/** Runs one of the `check*` helpers of `values.ts` and turns its BadUserInputError into a rule failure. */
export function fromCheck(check: (value: string, field: string) => unknown): ValueRule {
  return (value, field) => {
    if (typeof value !== 'string') return null;
    try {
      check(value, field);
      return null;
    } catch (e) {
      if (!(e instanceof BadUserInputError)) throw e;
      const fields = e.extensions.fields as FieldProblem[] | undefined;
      return { message: e.message, problem: fields?.[0]?.message ?? 'is invalid' };
    }
  };
}

/**
 * Declares a value-rule decorator. `field` names the field in the error when it is not the property
 * name (a filter argument reports `filter.countryCodes`, as the checks in services did).
 */
export function valueRule(name: string, rule: ValueRule) {
  const constraint = `praxis:${name}`;
  RULES.set(constraint, rule);
  return (options: { field?: string } = {}): PropertyDecorator =>
    (target, propertyName) => {
      const field = options.field ?? String(propertyName);
      registerDecorator({
        name: constraint,
        target: target.constructor,
        propertyName: String(propertyName),
        options: { context: { field } satisfies RuleContext },
        validator: {
          validate: (value: unknown) => value == null || rule(value, field) === null,
          defaultMessage: (args) => (args ? rule(args.value, field)?.problem : null) ?? 'is invalid',
        },
      });
    };
}

/** Whether a class-validator constraint is one of the value rules. */
export function isValueRule(constraint: string): boolean {
  return RULES.has(constraint);
}

/**
 * The error of the first failing value rule (in declaration order, nested inputs included), or null.
 * Callers use it only when no plain class-validator constraint failed: those checks ran first before,
 * and the value checks in services never saw an input that they refused.
 */
export function valueRuleError(errors: ValidationError[]): BadUserInputError | null {
  for (const e of errors) {
    for (const constraint of Object.keys(e.constraints ?? {})) {
      const rule = RULES.get(constraint);
      if (!rule) continue;
      const field = (e.contexts?.[constraint] as RuleContext | undefined)?.field ?? e.property;
      const failure = rule(e.value, field);
      if (failure) return new BadUserInputError(failure.message, [{ field, message: failure.problem }]);
    }
    const nested = valueRuleError(e.children ?? []);
    if (nested) return nested;
  }
  return null;
}

/** A required text that is not only white space (`checkNotBlank`); optional when the field is nullable. */
export const NotBlank = valueRule('notBlank', fromCheck(checkNotBlank));

/** The rule, except that an empty string passes (optional fields where "" means none). */
function emptyIsNone(rule: ValueRule): ValueRule {
  return (value, field) => (value === '' ? null : rule(value, field));
}

/** An absolute http(s) URL of at most 2000 characters (`checkUrl`); an empty string means "none". */
export const HttpUrl = valueRule('httpUrl', emptyIsNone(fromCheck(checkUrl)));

/** A real calendar day written YYYY-MM-DD (`checkDate`); an empty string means "none". */
export const CalendarDate = valueRule('calendarDate', emptyIsNone(fromCheck(checkDate)));

/**
 * A real calendar day written YYYY-MM-DD, not after tomorrow (UTC); `why` ends the refusal message. An
 * empty string means "none".
 */
export function PastDate(why: string, options: { field?: string } = {}): PropertyDecorator {
  const rule = fromCheck((v, f) => checkDate(v, f, { notInFuture: why }));
  return valueRule(`pastDate:${why}`, emptyIsNone(rule))(options);
}
