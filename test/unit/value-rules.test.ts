import 'reflect-metadata';
import { IsOptional, MaxLength, validate } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { createFormatError } from '../../src/common/errors/format-error';
import { HttpUrl, NotBlank, PastDate } from '../../src/common/validation/rules';
import { CountryCode, CountryCodes } from '../../src/modules/reference/reference.validation';

class Sample {
  @CountryCode()
  countryCode?: string;

  @IsOptional()
  @MaxLength(5)
  @NotBlank()
  name?: string | null;

  @HttpUrl()
  website?: string | null;

  @PastDate('it has happened.')
  date?: string | null;

  @CountryCodes({ field: 'filter.countryCodes' })
  countryCodes?: string[] | null;
}

const format = createFormatError(pino({ level: 'silent' }), { exposeStack: false });

/** What a client receives for these values of Sample. */
async function refusal(values: Partial<Sample>) {
  const errors = await validate(Object.assign(new Sample(), values));
  if (!errors.length) return null;
  const error = new ArgumentValidationError(errors);
  const wrapped = new GraphQLError(error.message, { originalError: error });
  return format({ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }, wrapped);
}

describe('value rules on input classes', () => {
  it('accepts good values, and leaves null, undefined and an empty optional URL or date alone', async () => {
    expect(await refusal({ countryCode: 'ne', name: ' Ab ', website: 'https://example.org/x' })).toBeNull();
    expect(await refusal({ name: null, website: '', date: '', countryCodes: ['FR', 'ne'] })).toBeNull();
    expect(await refusal({ date: '2020-02-29' })).toBeNull();
  });

  it('reports a failing rule with the message and the one field of the check it replaces', async () => {
    expect(await refusal({ countryCode: 'QQ' })).toMatchObject({
      message: 'Unknown country code QQ.',
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'countryCode', message: 'is not a known ISO 3166-1 alpha-2 code' }],
      },
    });
    expect(await refusal({ name: '   ' })).toMatchObject({
      message: 'name cannot be blank.',
      extensions: { fields: [{ field: 'name', message: 'cannot be blank' }] },
    });
    expect((await refusal({ website: 'example.org/page' }))?.extensions?.fields).toEqual([
      { field: 'website', message: 'must be an absolute http(s) URL' },
    ]);
    expect((await refusal({ date: '2025-02-30' }))?.message).toBe(
      'date must be a date written YYYY-MM-DD (e.g. 2024-05-31).',
    );
    expect((await refusal({ date: '2999-01-01' }))?.message).toBe(
      'date cannot be in the future: it has happened.',
    );
    expect(await refusal({ countryCodes: ['FR', 'XX', 'YY'] })).toMatchObject({
      message: 'Unknown country code XX.',
      extensions: {
        fields: [{ field: 'filter.countryCodes', message: 'is not a known ISO 3166-1 alpha-2 code' }],
      },
    });
  });

  it('reports the first failing rule in declaration order', async () => {
    const out = await refusal({ website: 'nope', countryCode: 'QQ' });
    expect(out?.message).toBe('Unknown country code QQ.');
  });

  it('lets plain class-validator constraints speak first, as they did before the service checks ran', async () => {
    const out = await refusal({ name: '       ', countryCode: 'QQ' });
    expect(out?.extensions?.fields).toEqual([
      { field: 'name', message: 'name must be shorter than or equal to 5 characters' },
    ]);
    expect(out?.message).toMatch(/^Invalid input: name /);
  });
});
