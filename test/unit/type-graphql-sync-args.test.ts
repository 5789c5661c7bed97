import 'reflect-metadata';
import { execute, parse } from 'graphql';
import type { ExecutionResult, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  Info,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  FieldResolver,
  UseMiddleware,
  buildSchema,
  createParameterDecorator,
  createUnionType,
} from 'type-graphql';
import { Min, registerDecorator } from 'class-validator';

// patches/type-graphql+2.0.0-rc.4.patch (applied by patch-package on install): type-graphql validates each
// argument in an async function, so every resolver with an argument returned a promise, and graphql-js waited
// for each such object (the home feed's 120 `Country.name(language)` made its whole answer asynchronous). The
// patch answers at once when there is nothing to validate (scalars, enums); input objects and argument classes
// are still validated with class-validator, as before. Those run class-validator's own steps at once too, and
// answer with a promise only when a rule did (an async rule); before, each went through `validateOrReject` in
// an async function that `require`d class-validator on every call (directory server CPU 0.76 → 0.72 ms/req).
//
// The same patch makes the resolveType that type-graphql wraps around a union's or an interface's own
// resolveType synchronous when that one is (it was an async function): graphql-js waited on a promise for each
// item of a union list (the home feed's 50 FeedItem nodes); the feed went from 4.98 to 4.70 ms of server CPU.
//
// And it sorts a resolver's parameter list (by position) once, where type-graphql sorted it on every call of
// every resolver; calls a resolver without middlewares at once (no middleware-chain closure, no closure per
// parameter list), and makes class-validator's options once per pair of settings (feed: about 750 field
// resolver calls per page).

@ArgsType()
class PageArgs {
  @Field(() => Int)
  @Min(1)
  first!: number;
}

/** A rule that answers with a promise (class-validator awaits it). */
function EventuallyPositive(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'eventuallyPositive',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be positive, eventually' },
      validator: { validate: async (value: unknown) => typeof value === 'number' && value > 0 },
    });
}

@ArgsType()
class SlowArgs {
  @Field(() => Int)
  @EventuallyPositive()
  n!: number;
}

@InputType()
class ItemInput {
  @Field(() => Int)
  @Min(1)
  quantity!: number;
}

function Shouted() {
  return createParameterDecorator<object>(({ args }) => String(args.word).toUpperCase(), {
    arg: { name: 'word', typeFunc: () => String },
  });
}

@ObjectType()
class Cat {
  @Field()
  meow!: string;
}

@ObjectType()
class Dog {
  @Field()
  woof!: string;
}

const Pet = createUnionType({
  name: 'Pet',
  types: () => [Cat, Dog] as const,
  resolveType: (value) => ('meow' in value ? 'Cat' : Dog),
});

const AsyncPet = createUnionType({
  name: 'AsyncPet',
  types: () => [Cat, Dog] as const,
  resolveType: async (value) => ('meow' in value ? Cat : 'Dog'),
});

@ObjectType()
class Box {
  @Field(() => Int)
  size!: number;

  // A field of the type's own class, with an argument (type-graphql's "internal" field resolver).
  @Field(() => Int)
  scaled(@Arg('by', () => Int) by: number): number {
    return this.size * by;
  }

  @Field(() => String)
  get label(): string {
    return `box of ${this.size}`;
  }

  // A plain field under another name in the schema, and one with a middleware.
  @Field(() => Int, { name: 'volume', nullable: true })
  cubic?: number;

  @Field(() => Int, { nullable: true })
  @UseMiddleware(async (_data, next) => ((await next()) as number) + 1000)
  guarded?: number;
}

const seen: string[] = [];

@Resolver(() => Box)
class BoxResolver {
  @Query(() => [Box])
  boxes(): Box[] {
    return [
      Object.assign(new Box(), { size: 1, cubic: 1, guarded: 1 }),
      { size: 2, cubic: 8, guarded: 2 } as Box,
    ];
  }

  @FieldResolver(() => Int)
  doubled(@Root() box: Box): number {
    return box.size * 2;
  }

  @FieldResolver(() => Int)
  @UseMiddleware(async ({ info }, next) => {
    seen.push(info.fieldName);
    return ((await next()) as number) + 1000;
  })
  watched(@Root() box: Box): number {
    return box.size;
  }

  @FieldResolver(() => Int)
  checked(@Root() box: Box, @Arg('item', () => ItemInput) item: ItemInput): number {
    return box.size + item.quantity;
  }

  @FieldResolver(() => Int)
  unchecked(@Root() box: Box, @Arg('item', () => ItemInput, { validate: false }) item: ItemInput): number {
    return box.size + item.quantity;
  }
}

@Resolver()
class ProbeResolver {
  @Query(() => [Pet])
  pets(): object[] {
    return [{ meow: 'm' }, { woof: 'w' }];
  }

  @Query(() => [AsyncPet])
  asyncPets(): object[] {
    return [{ meow: 'm' }, { woof: 'w' }];
  }

  @Query(() => String)
  greet(
    @Arg('name') name: string,
    @Arg('times', () => Int, { nullable: true }) times: number | null,
  ): string {
    return `hello ${name}`.repeat(times ?? 1);
  }

  @Query(() => Int)
  page(@Args() { first }: PageArgs): number {
    return first;
  }

  @Query(() => Int)
  slow(@Args() { n }: SlowArgs): number {
    return n;
  }

  @Query(() => Int)
  total(@Arg('items', () => [ItemInput]) items: ItemInput[]): number {
    return items.reduce((sum, i) => sum + i.quantity, 0);
  }

  @Query(() => String)
  shout(@Shouted() word: string): string {
    return word;
  }

  // Parameters of every kind, in an order that is not the order type-graphql registers them in.
  @Query(() => String)
  mixed(
    @Info() info: GraphQLResolveInfo,
    @Arg('b') b: string,
    @Ctx() ctx: { who: string },
    @Arg('a') a: string,
    @Root() root: unknown,
  ): string {
    return [info.fieldName, b, ctx.who, a, String(root)].join(' ');
  }
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildSchema({
    resolvers: [ProbeResolver, BoxResolver],
    validate: { forbidUnknownValues: false },
  });
});

const run = (source: string) => execute({ schema, document: parse(source) });

it('hands each parameter its own value, on the first call and on later ones (sorted once, then kept)', () => {
  for (const who of ['first', 'second', 'third']) {
    const result = execute({
      schema,
      document: parse('{ mixed(a: "A", b: "B") }'),
      rootValue: 'root',
      contextValue: { who },
    }) as ExecutionResult;
    expect(result.data).toEqual({ mixed: `mixed B ${who} A root` });
  }
});

it('answers a resolver whose arguments are scalars synchronously (no promise for graphql-js to wait on)', () => {
  const result = run('{ greet(name: "Ana", times: 2) }');
  expect(result).not.toBeInstanceOf(Promise);
  expect((result as ExecutionResult).data).toEqual({ greet: 'hello Anahello Ana' });
});

it('validates an argument class with class-validator, synchronously when its rules are', () => {
  const bad = run('{ page(first: 0) }');
  expect(bad).not.toBeInstanceOf(Promise);
  expect((bad as ExecutionResult).errors?.[0].message).toMatch(/Argument Validation Error/);
  const good = run('{ page(first: 3) }');
  expect(good).not.toBeInstanceOf(Promise);
  expect((good as ExecutionResult).data).toEqual({ page: 3 });
});

it('awaits a rule that answers with a promise, and refuses what it refuses', async () => {
  const bad = run('{ slow(n: 0) }');
  expect(bad).toBeInstanceOf(Promise);
  const { errors } = await bad;
  expect(errors?.[0].message).toMatch(/Argument Validation Error/);
  expect(errors?.[0].extensions.validationErrors).toEqual([
    expect.objectContaining({
      property: 'n',
      constraints: { eventuallyPositive: 'must be positive, eventually' },
    }),
  ]);
  expect((await run('{ slow(n: 2) }')).data).toEqual({ slow: 2 });
});

it('validates each object of a list argument, reporting the first one that fails', () => {
  const good = run('{ total(items: [{ quantity: 1 }, { quantity: 2 }]) }');
  expect((good as ExecutionResult).data).toEqual({ total: 3 });
  const bad = run(
    '{ total(items: [{ quantity: 1 }, { quantity: 0 }, { quantity: -1 }]) }',
  ) as ExecutionResult;
  const validationErrors = bad.errors?.[0].extensions.validationErrors as Array<{ value: unknown }>;
  expect(validationErrors).toHaveLength(1);
  expect(validationErrors[0].value).toBe(0);
});

it('keeps custom parameter decorators that declare an argument working', async () => {
  expect((await run('{ shout(word: "hey") }')).data).toEqual({ shout: 'HEY' });
});

it("answers a union whose resolveType is synchronous without a promise (a type's name or its class)", () => {
  const result = run('{ pets { ... on Cat { meow } ... on Dog { woof } } }');
  expect(result).not.toBeInstanceOf(Promise);
  expect((result as ExecutionResult).data).toEqual({ pets: [{ meow: 'm' }, { woof: 'w' }] });
});

it('still awaits a resolveType that returns a promise', async () => {
  const result = run('{ asyncPets { ... on Cat { meow } ... on Dog { woof } } }');
  expect(result).toBeInstanceOf(Promise);
  expect((await result).data).toEqual({ asyncPets: [{ meow: 'm' }, { woof: 'w' }] });
});

it('calls field resolvers without middlewares at once, and through their middlewares when they have some', () => {
  seen.length = 0;
  const result = run('{ boxes { size scaled(by: 3) label doubled watched } }');
  expect(result).toBeInstanceOf(Promise); // the middleware is an async function
  return Promise.resolve(result).then(({ data, errors }) => {
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      boxes: [
        { size: 1, scaled: 3, label: 'box of 1', doubled: 2, watched: 1001 },
        { size: 2, scaled: 6, label: 'box of 2', doubled: 4, watched: 1002 },
      ],
    });
    expect(seen).toEqual(['watched', 'watched']);
    const plain = run('{ boxes { size scaled(by: 2) label doubled } }');
    expect(plain).not.toBeInstanceOf(Promise);
    expect((plain as ExecutionResult).data).toEqual({
      boxes: [
        { size: 1, scaled: 2, label: 'box of 1', doubled: 2 },
        { size: 2, scaled: 4, label: 'box of 2', doubled: 4 },
      ],
    });
  });
});

it("keeps each argument's own validation settings (validate: false skips class-validator for that argument only)", () => {
  for (let round = 0; round < 2; round++) {
    const bad = run('{ boxes { checked(item: { quantity: 0 }) } }') as ExecutionResult;
    expect(bad.errors?.[0].message).toMatch(/Argument Validation Error/);
    const skipped = run('{ boxes { unchecked(item: { quantity: 0 }) } }') as ExecutionResult;
    expect(skipped.errors).toBeUndefined();
    expect(skipped.data).toEqual({ boxes: [{ unchecked: 1 }, { unchecked: 2 }] });
    expect((run('{ boxes { checked(item: { quantity: 5 }) } }') as ExecutionResult).data).toEqual({
      boxes: [{ checked: 6 }, { checked: 7 }],
    });
  }
});

it('names the property a plain field reads (patched graphql-js reads leaf values itself), not with middlewares', async () => {
  const PROPERTY_READ = Symbol.for('praxis.graphql.propertyRead');
  const fields = (schema.getType('Box') as GraphQLObjectType).getFields();
  const named = (field: string) =>
    (fields[field].resolve as unknown as Record<symbol, unknown>)[PROPERTY_READ];
  expect(named('size')).toBe('size');
  expect(named('volume')).toBe('cubic');
  expect(named('label')).toBeUndefined(); // a getter: type-graphql's field resolver (it may convert the source)
  expect(named('guarded')).toBeUndefined();
  expect(named('scaled')).toBeUndefined(); // a method with an argument
  expect(named('doubled')).toBeUndefined(); // a field resolver
  const { data, errors } = await run('{ boxes { size volume label guarded } }');
  expect(errors).toBeUndefined();
  expect(data).toEqual({
    boxes: [
      { size: 1, volume: 1, label: 'box of 1', guarded: 1001 },
      { size: 2, volume: 8, label: 'box of 2', guarded: 1002 },
    ],
  });
});
