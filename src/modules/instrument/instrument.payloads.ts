import { Field, ObjectType } from 'type-graphql';
import type { InstrumentEntity } from './instrument.entity';
import { Instrument } from './instrument.types';

@ObjectType({ description: 'The result of `createInstrument`.' })
export class CreateInstrumentPayload {
  @Field(() => Instrument, { description: 'The new instrument.' })
  instrument: InstrumentEntity;
}

@ObjectType({ description: 'The result of `updateInstrument`.' })
export class UpdateInstrumentPayload {
  @Field(() => Instrument, { description: 'The instrument as it now is.' })
  instrument: InstrumentEntity;
}
