import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { ListSize } from '../../common/limits/list-size';
import { QUIZ_LIMITS } from './course-kinds.entity';

@ObjectType('QuizChoice', { description: 'A choice of a quiz question.' })
export class QuizChoice {
  @Field(() => ID, { description: 'Its id within the quiz (answer with it).' })
  id: string;

  @Field({ description: 'Its text.' })
  text: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether it is a right answer: null for learners until they pass or use their last attempt; ' +
      'facilitators and moderators always see it.',
  })
  correct: boolean | null;
}

@ObjectType('QuizQuestion', { description: 'A quiz question.' })
export class QuizQuestion {
  @Field(() => ID, { description: 'Its id within the quiz.' })
  id: string;

  @Field({ description: 'The question.' })
  prompt: string;

  @Field({ description: 'Multiple choice (pick every right choice); else pick exactly one.' })
  multiple: boolean;

  @ListSize(QUIZ_LIMITS.choices)
  @Field(() => [QuizChoice], { description: 'Its choices, in order.' })
  choices: QuizChoice[];
}

@ObjectType('QuizAttempt', { description: 'One of your attempts at a quiz, scored on the server.' })
export class QuizAttempt {
  @Field(() => Int, { description: '1 for the first attempt.' })
  number: number;

  @Field(() => Int, { description: 'Percent of the questions answered exactly right.' })
  score: number;

  @Field({ description: 'Whether the score reaches the pass mark.' })
  passed: boolean;

  @Field({ description: 'When it was submitted.' })
  createdAt: Date;
}

@ObjectType('Quiz', { description: 'The quiz of a QUIZ lesson, as you see it.' })
export class Quiz {
  @Field(() => Int, { description: 'The score (percent) that passes.' })
  passMark: number;

  @Field(() => Int, { description: 'Attempts a learner has.' })
  maxAttempts: number;

  @ListSize(QUIZ_LIMITS.questions)
  @Field(() => [QuizQuestion], { description: 'Its questions, in order.' })
  questions: QuizQuestion[];

  @ListSize(QUIZ_LIMITS.maxAttempts)
  @Field(() => [QuizAttempt], { description: 'Your attempts, in order.' })
  attempts: QuizAttempt[];

  @Field(() => Int, { description: 'Attempts you have left (0 once passed).' })
  attemptsLeft: number;

  @Field({ description: 'Whether you passed it.' })
  passed: boolean;

  @Field({ description: 'Whether the right answers are shown to you (`QuizChoice.correct`).' })
  answersRevealed: boolean;
}

@ObjectType('ActivitySubmission', {
  implements: Node,
  description:
    'A learner’s submission to an ACTIVITY lesson: seen by that learner and by those who run the course only.',
})
export class ActivitySubmission extends Node {
  @Field({ description: 'The Markdown submitted.' })
  body: string;

  @Field(() => String, {
    nullable: true,
    description: 'A facilitator’s feedback (Markdown); null until given.',
  })
  feedback: string | null;

  @Field(() => Date, { nullable: true, description: 'When the feedback was given.' })
  feedbackAt: Date | null;

  @Field({ description: 'When it was first submitted.' })
  createdAt: Date;

  @Field({ description: 'When it was last submitted or given feedback.' })
  updatedAt: Date;
}
export const ActivitySubmissionConnection = Connection(ActivitySubmission, 'ActivitySubmission');
