import {
  getMetadataStorage,
  IsDefined,
  IsInt,
  IsOptional,
  MaxLength,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

// class-validator is patched (patches/class-validator+0.15.1.patch): each validation used to filter every
// registered class's metadata (an `instanceof` per class) to find its target's; the answer is now remembered
// per target and options, and forgotten when metadata is added. A property's metadata split by kind is
// remembered with it, and an absent optional property is passed over without building an empty error (the
// directory's filter has six optional lists, most absent). Validation must answer as before.

describe('class-validator with remembered target metadata', () => {
  it('validates a class, its subclass, and metadata added after the first validation', () => {
    class Base {
      x?: string;
      z?: string;
    }
    MaxLength(3)(Base.prototype, 'x');
    class Derived extends Base {
      y?: unknown;
    }
    IsInt()(Derived.prototype, 'y');
    expect(validateSync(Object.assign(new Base(), { x: 'abcd' })).map((e) => e.property)).toEqual(['x']);
    expect(validateSync(Object.assign(new Base(), { x: 'ab' }))).toEqual([]);
    expect(
      validateSync(Object.assign(new Derived(), { x: 'abcd', y: 'z' }))
        .map((e) => e.property)
        .sort(),
    ).toEqual(['x', 'y']);
    // Registered after Base was validated (and remembered): seen by the next validation, subclasses too.
    MinLength(2)(Base.prototype, 'z');
    expect(validateSync(Object.assign(new Base(), { x: 'ab', z: 'a' })).map((e) => e.property)).toEqual([
      'z',
    ]);
    expect(
      validateSync(Object.assign(new Derived(), { x: 'ab', y: 1, z: 'a' })).map((e) => e.property),
    ).toEqual(['z']);
  });

  it('answers a repeated lookup from memory, and a lookup after new metadata afresh', () => {
    class Target {
      a?: string;
      b?: string;
    }
    MaxLength(3)(Target.prototype, 'a');
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Target, '', false, false);
    expect(storage.getTargetValidationMetadatas(Target, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    MaxLength(3)(Target.prototype, 'b');
    const second = storage.getTargetValidationMetadatas(Target, '', false, false);
    expect(second).not.toBe(first);
    expect(second.map((m) => m.propertyName).sort()).toEqual(['a', 'b']);
  });

  it('passes over absent optional properties, and still validates present ones, required ones and conditions', () => {
    class Filter {
      a?: string | null;
      b?: string;
      c?: string;
      d?: string;
      kind?: string;
    }
    IsOptional()(Filter.prototype, 'a');
    MaxLength(2)(Filter.prototype, 'a');
    IsDefined()(Filter.prototype, 'b');
    MaxLength(2)(Filter.prototype, 'c'); // neither optional nor required
    ValidateIf((o: Filter) => o.kind === 'named')(Filter.prototype, 'd');
    MinLength(1)(Filter.prototype, 'd');
    const props = (o: Partial<Filter>) =>
      validateSync(Object.assign(new Filter(), o), {
        skipMissingProperties: true,
        forbidUnknownValues: false,
      })
        .map((e) => `${e.property}:${Object.keys(e.constraints ?? {}).join(',')}`)
        .sort();
    for (let round = 0; round < 2; round++) {
      expect(props({ b: 'x' })).toEqual([]);
      expect(props({ a: null, b: 'x' })).toEqual([]);
      expect(props({ a: 'abc', b: 'x' })).toEqual(['a:maxLength']);
      expect(props({})).toEqual(['b:isDefined']);
      expect(props({ b: 'x', c: 'abc' })).toEqual(['c:maxLength']);
      expect(props({ b: 'x', kind: 'named', d: '' })).toEqual(['d:minLength']);
      expect(props({ b: 'x', kind: 'other', d: '' })).toEqual([]);
    }
    // Without skipMissingProperties an absent property that is not optional is still checked.
    expect(
      validateSync(Object.assign(new Filter(), { b: 'x' }), { forbidUnknownValues: false })
        .map((e) => e.property)
        .sort(),
    ).toEqual(['c']);
  });
});
