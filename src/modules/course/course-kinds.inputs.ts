import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { MultiLine } from '../../common/validation/text';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { ACTIVITY_LIMITS, QUIZ_LIMITS } from './course-kinds.entity';

@InputType({ description: 'A choice of a quiz question.' })
export class QuizChoiceInput {
  @Field({ description: `Its text (1 to ${QUIZ_LIMITS.choice} characters).` })
  @MaxLength(QUIZ_LIMITS.choice)
  text: string;

  @Field({ nullable: true, defaultValue: false, description: 'Whether it is a right answer.' })
  correct: boolean;
}

@InputType({ description: 'A quiz question.' })
export class QuizQuestionInput {
  @Field({ description: `The question (1 to ${QUIZ_LIMITS.prompt} characters).` })
  @MaxLength(QUIZ_LIMITS.prompt)
  prompt: string;

  @Field({
    nullable: true,
    defaultValue: false,
    description: 'Multiple choice (one or more right choices); else single choice (exactly one).',
  })
  multiple: boolean;

  @Field(() => [QuizChoiceInput], { description: `2 to ${QUIZ_LIMITS.choices} choices.` })
  @ArrayMaxSize(QUIZ_LIMITS.choices)
  choices: QuizChoiceInput[];
}

@InputType({
  description: 'The quiz of a QUIZ lesson (replaces its questions; earlier attempts keep their score).',
})
export class SetLessonQuizInput {
  @Field(() => ID, { description: 'The lesson (kind QUIZ).' })
  lessonId: string;

  @Field(() => Int, { description: 'The score (percent, 1 to 100) that passes.' })
  @Min(1)
  @Max(100)
  passMark: number;

  @Field(() => Int, { description: `Attempts a learner has (1 to ${QUIZ_LIMITS.maxAttempts}).` })
  @Min(1)
  @Max(QUIZ_LIMITS.maxAttempts)
  maxAttempts: number;

  @Field(() => [QuizQuestionInput], { description: `1 to ${QUIZ_LIMITS.questions} questions, in order.` })
  @ArrayMaxSize(QUIZ_LIMITS.questions)
  questions: QuizQuestionInput[];
}

@InputType({ description: 'Your answer to one question.' })
export class QuizAnswerInput {
  @Field(() => ID, { description: 'The question.' })
  questionId: string;

  @Field(() => [ID], { description: 'The choices you pick (one for a single-choice question).' })
  @ArrayMaxSize(QUIZ_LIMITS.choices)
  choiceIds: string[];
}

@InputType({ description: 'An attempt at a quiz.' })
export class SubmitQuizAttemptInput {
  @Field(() => ID, { description: 'The lesson (kind QUIZ).' })
  lessonId: string;

  @Field(() => [QuizAnswerInput], { description: 'Your answers; a question left out counts as wrong.' })
  @ArrayMaxSize(QUIZ_LIMITS.questions)
  answers: QuizAnswerInput[];

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Your work on an activity.' })
export class SubmitActivityInput {
  @Field(() => ID, { description: 'The lesson (kind ACTIVITY).' })
  lessonId: string;

  @Field({ description: `Markdown (1 to ${ACTIVITY_LIMITS.body} characters).` })
  @MaxLength(ACTIVITY_LIMITS.body)
  @MultiLine()
  body: string;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Feedback on a submission.' })
export class GiveActivityFeedbackInput {
  @Field(() => ID, { description: 'The submission.' })
  submissionId: string;

  @Field({ description: `Markdown (1 to ${ACTIVITY_LIMITS.feedback} characters).` })
  @MaxLength(ACTIVITY_LIMITS.feedback)
  @MultiLine()
  feedback: string;
}

@InputType({ description: 'What a LIVE_SESSION or RESOURCE lesson points to.' })
export class SetLessonTargetInput {
  @Field(() => ID, { description: 'The lesson (kind LIVE_SESSION or RESOURCE).' })
  lessonId: string;

  @Field(() => ID, { description: 'A LiveEvent (LIVE_SESSION lessons) or a Publication (RESOURCE lessons).' })
  targetId: string;
}
