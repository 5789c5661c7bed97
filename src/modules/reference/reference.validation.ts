import { valueRule } from '../../common/validation/rules';
import { countryCodes } from './reference.data';

// The catalogue's countries are the packaged data (code, not rows), so a decorator can check them
// without a database or a container.
let known: Set<string> | null = null;
function isCountry(code: string): boolean {
  known ??= new Set(countryCodes());
  return known.has(code.trim().toUpperCase());
}

const PROBLEM = 'is not a known ISO 3166-1 alpha-2 code';

/** A known ISO 3166-1 alpha-2 code, any case ("Unknown country code XX."); services upper-case it. */
export const CountryCode = valueRule('countryCode', (value) =>
  typeof value !== 'string' || isCountry(value)
    ? null
    : { message: `Unknown country code ${value}.`, problem: PROBLEM },
);

/** A list of known ISO 3166-1 alpha-2 codes; the first unknown one is reported. */
export const CountryCodes = valueRule('countryCodes', (value) => {
  const bad = Array.isArray(value) ? value.find((c) => typeof c === 'string' && !isCountry(c)) : undefined;
  return bad === undefined ? null : { message: `Unknown country code ${bad}.`, problem: PROBLEM };
});

/** As `CountryCode`, worded as the account and profile mutations word it ("XX is not an ISO ..."). */
export const AccountCountryCode = valueRule('accountCountryCode', (value) =>
  typeof value !== 'string' || isCountry(value)
    ? null
    : { message: `${value} is not an ISO 3166-1 country code.`, problem: PROBLEM },
);

/** A list of account country codes ("XX is not an ISO 3166-1 country code." for the first unknown one). */
export const AccountCountryCodes = valueRule('accountCountryCodes', (value) => {
  const bad = Array.isArray(value) ? value.find((c) => typeof c === 'string' && !isCountry(c)) : undefined;
  return bad === undefined
    ? null
    : { message: `${bad} is not an ISO 3166-1 country code.`, problem: PROBLEM };
});
