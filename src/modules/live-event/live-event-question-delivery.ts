import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Context } from '../../common/context';
import { loadViewerNetworkScopes } from '../network';
import type { ViewerNetworkScope } from '../network';
import { PractitionerEntity } from '../practitioner';
import { groupBy } from '../../common/relay/batched-connection';
import {
  LiveEventEntity,
  LiveEventNetworkEntity,
  LiveEventRegistrationEntity,
  LiveEventSpeakerEntity,
} from './live-event.entity';
import { LiveEventQuestionEntity, LiveEventQuestionUpvoteEntity } from './live-event-question.entity';
import type { QuestionChangeMessage } from './live-event-question.types';
import { SHARED_BY_GROUP } from '../../common/realtime/shared-execution';

/** One liveEventQuestionChanged message as the event bus hands it to every subscriber of the instance. */
export interface QuestionChangedMessage {
  eventId: string;
  questionId: string;
}

/**
 * What deciding and resolving one message needs, read once for all the subscribers of this instance when
 * the first of them handles it: the event, its networks and speakers, the question and its asker; and,
 * batched over the subscribers that ask in the same turn, each viewer's registration, network scope and
 * upvote.
 */
interface DeliveryFacts {
  event: LiveEventEntity | null;
  networkIds: string[];
  speakers: LiveEventSpeakerEntity[];
  question: LiveEventQuestionEntity | null;
  asker: PractitionerEntity | null;
  registrations: DataLoader<string, LiveEventRegistrationEntity | null>;
  scopes: DataLoader<string, ViewerNetworkScope>;
  /** Whether each viewer upvoted the question. */
  upvoted: DataLoader<string, boolean>;
}

/**
 * Question deliveries (issue 13, Performance): a question published at an event with 1,000 connected
 * participants cost about 12 SQL statements per subscriber (the subscription's check and then the read
 * guard's, each with fresh loaders). The facts are now read once per message and per instance (a handful of
 * statements, whatever the number of subscribers) and primed into each subscriber's fresh loaders, so that
 * the policies decide exactly as before on data read after the change. Kept per message object (the bus
 * hands the same object to every local subscriber) and dropped with it.
 */
export class LiveEventQuestionDeliveries {
  private readonly facts = new WeakMap<object, Promise<DeliveryFacts>>();
  private readonly links = new WeakMap<object, object>();
  private readonly groups = new WeakMap<object, Map<string, QuestionChangeMessage>>();

  constructor(private readonly dataSource: DataSource) {}

  /** Primes the viewer's (fresh) loaders with the facts of `message`. */
  async prime(ctx: Context, message: QuestionChangedMessage): Promise<void> {
    let pending = this.facts.get(message);
    if (!pending) {
      pending = this.load(message);
      this.facts.set(message, pending);
    }
    const facts = await pending;
    const viewerId = ctx.viewer?.id ?? null;
    const [registration, scope, upvoted] = viewerId
      ? await Promise.all([
          facts.registrations.load(viewerId),
          facts.scopes.load(viewerId),
          facts.upvoted.load(viewerId),
        ])
      : [null, null, false];
    const events = ctx.loaders.liveEvent;
    events.byId.prime(message.eventId, facts.event);
    events.networkIds.prime(message.eventId, facts.networkIds);
    events.speakers.prime(message.eventId, facts.speakers);
    events.viewerRegistration.prime(message.eventId, registration);
    if (scope) events.viewerScope = () => Promise.resolve(scope);
    ctx.loaders.liveEventQuestion.byId.prime(message.questionId, facts.question);
    ctx.loaders.liveEventQuestion.viewerUpvoted.prime(message.questionId, upvoted);
    if (facts.asker) ctx.loaders.practitioner.byId.prime(facts.asker.id, facts.asker);
  }

  /**
   * The delivery of `message` to the subscribers of one group (a string naming what they may see of it): one
   * object for all of them, marked SHARED_BY_GROUP so that a subscription selecting only GROUP_SHARED_FIELDS
   * is executed once per group (src/common/realtime/shared-execution.ts). Whether each subscriber receives
   * it at all is still decided per subscriber, before this.
   */
  shared(
    message: QuestionChangedMessage,
    group: string,
    make: () => QuestionChangeMessage,
  ): QuestionChangeMessage {
    let byGroup = this.groups.get(message);
    if (!byGroup) this.groups.set(message, (byGroup = new Map()));
    let delivery = byGroup.get(group);
    if (!delivery) {
      delivery = Object.assign(make(), { [SHARED_BY_GROUP]: true });
      byGroup.set(group, delivery);
      this.link(delivery, message);
    }
    return delivery;
  }

  /** Remembers which bus message a delivery was made from (its resolver primes the loaders again). */
  link(delivery: object, message: QuestionChangedMessage): void {
    this.links.set(delivery, message);
  }

  /** Primes the loaders again for a delivery made by `link` (after the read guard renewed them). */
  async primeDelivery(ctx: Context, delivery: object): Promise<void> {
    const message = this.links.get(delivery) as QuestionChangedMessage | undefined;
    if (message) await this.prime(ctx, message);
  }

  private async load(message: QuestionChangedMessage): Promise<DeliveryFacts> {
    const { eventId, questionId } = message;
    const ds = this.dataSource;
    const [event, networks, speakers, question] = await Promise.all([
      ds.getRepository(LiveEventEntity).findOneBy({ id: eventId }),
      ds.getRepository(LiveEventNetworkEntity).findBy({ eventId }),
      ds.getRepository(LiveEventSpeakerEntity).find({
        where: { eventId },
        order: { position: 'ASC', practitionerId: 'ASC' },
      }),
      ds.getRepository(LiveEventQuestionEntity).findOneBy({ id: questionId }),
    ]);
    const asker = question
      ? await ds.getRepository(PractitionerEntity).findOneBy({ id: question.authorId })
      : null;
    return {
      event,
      networkIds: networks.map((n) => n.networkId),
      speakers,
      question,
      asker,
      registrations: new DataLoader(
        async (viewerIds) => {
          const rows = await ds
            .getRepository(LiveEventRegistrationEntity)
            .findBy({ eventId, practitionerId: In([...viewerIds]) });
          const byViewer = groupBy(rows, (r) => r.practitionerId);
          return viewerIds.map((id) => byViewer.get(id)?.[0] ?? null);
        },
        { cache: true },
      ),
      upvoted: new DataLoader(async (viewerIds) => {
        const rows = await ds
          .getRepository(LiveEventQuestionUpvoteEntity)
          .findBy({ questionId, practitionerId: In([...viewerIds]) });
        const voters = new Set(rows.map((r) => r.practitionerId));
        return viewerIds.map((id) => voters.has(id));
      }),
      scopes: new DataLoader(async (viewerIds) => {
        const scopes = await loadViewerNetworkScopes(ds, viewerIds);
        return viewerIds.map((id) => scopes.get(id)!);
      }),
    };
  }
}
