import { getMetadataStorage, IsInt, MaxLength, MinLength, validateSync } from 'class-validator';

// class-validator is patched (patches/class-validator+0.15.1.patch): each validation used to filter every
// registered class's metadata (an `instanceof` per class) to find its target's; the answer is now remembered
// per target and options, and forgotten when metadata is added. Validation must answer as before.

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
});
