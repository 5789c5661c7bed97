import { createSchema } from '../../src/app/schema';
import { multiLineTextFields, textProblem } from '../../src/common/validation/text';

describe('textProblem', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['BEL', 'a\u0007b'],
    ['ESC', '\u001b[31mred'],
    ['DEL', 'a\u007fb'],
    ['a C1 control (NEL)', 'a\u0085b'],
    ['RIGHT-TO-LEFT OVERRIDE', 'invoice\u202Etxt.exe'],
    ['LEFT-TO-RIGHT EMBEDDING', '\u202Aabc'],
    ['FIRST STRONG ISOLATE', 'abc\u2068def'],
    ['POP DIRECTIONAL ISOLATE', 'abc\u2069'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a reversed surrogate pair', '\udc00\ud800'],
    ['a noncharacter', 'a\uFFFE'],
  ])('refuses %s in single- and multi-line text', (_label, value) => {
    expect(textProblem(value, false)).toEqual(expect.any(String));
    expect(textProblem(value, true)).toEqual(expect.any(String));
  });

  it.each([
    ['a newline', 'a\nb'],
    ['a tab', 'a\tb'],
    ['CR LF', 'a\r\nb'],
    ['a LINE SEPARATOR', 'a\u2028b'],
  ])('refuses %s in single-line text only', (_label, value) => {
    expect(textProblem(value, false)).toEqual(expect.any(String));
    expect(textProblem(value, true)).toBeNull();
  });

  it.each([
    ['plain text', 'Building a case'],
    ['Arabic with a right-to-left mark', 'أمينة ديالو\u200F (Niger)'],
    ['Persian with a zero-width non-joiner', 'می\u200Cخواهم'],
    ['an emoji sequence with a zero-width joiner', '👩\u200D⚖️'],
    ['an astral character (a valid surrogate pair)', '𝔸 and 😀'],
    ['Chinese', '阿米娜'],
  ])('accepts %s', (_label, value) => {
    expect(textProblem(value, false)).toBeNull();
  });
});

describe('multi-line text fields', () => {
  // Reviewed list: a field allows tabs and line breaks only when it is declared here on purpose.
  it('are exactly the reviewed free-text fields', async () => {
    expect(multiLineTextFields(await createSchema(null))).toEqual([
      'AddCommentInput.body',
      'AnswerLiveEventQuestionInput.answer',
      'AskLiveEventQuestionInput.body',
      'CommentOnLiveEventQuestionInput.body',
      'CreateCentralAuthorityInput.address',
      'CreateCentralAuthorityInput.legalBasis',
      'CreateCentralAuthorityInput.urgentContact',
      'CreateCourseInput.description',
      'CreateCourseInput.summary',
      'CreateLiveEventInput.description',
      'CreateLiveEventInput.summary',
      'CreatePostInput.body',
      'CreatePostInput.summary',
      'CreatePublicationInput.description',
      'CreatePublicationInput.summary',
      'CreateWorkingGroupInput.description',
      'EditCommentInput.body',
      'GiveActivityFeedbackInput.feedback',
      'LessonBodyInput.body',
      'ProposeLegalDevelopmentInput.body',
      'ProposeLegalDevelopmentInput.summary',
      'RecordTreatyActionInput.declarations',
      'RecordTreatyActionInput.note',
      'RecordTreatyActionInput.reservations',
      'ReportInput.details',
      'RequestContactInput.message',
      'ResolveReportInput.note',
      'ReviewLegalDevelopmentInput.note',
      'ReviewPostInput.note',
      'SetLiveEventSummaryInput.summary',
      'SetLiveEventTranscriptInput.body',
      'SubmitActivityInput.body',
      'SubmitTranslationInput.body',
      'SubmitTranslationInput.summary',
      'SuspendPractitionerInput.reason',
      'UnsuspendPractitionerInput.note',
      'UpdateCentralAuthorityInput.address',
      'UpdateCentralAuthorityInput.legalBasis',
      'UpdateCentralAuthorityInput.urgentContact',
      'UpdateCourseInput.description',
      'UpdateCourseInput.summary',
      'UpdateLegalDevelopmentInput.body',
      'UpdateLegalDevelopmentInput.summary',
      'UpdateLessonInput.body',
      'UpdateLiveEventInput.description',
      'UpdateLiveEventInput.summary',
      'UpdateNetworkInput.description',
      'UpdatePostInput.body',
      'UpdatePostInput.summary',
      'UpdateProfileInput.bio',
      'UpdatePublicationInput.description',
      'UpdatePublicationInput.summary',
      'VerifyPractitionerInput.note',
    ]);
  });
});
