import { GraphQLError } from 'graphql';
import pino from 'pino';
import { createFormatError } from '../../src/common/errors/format-error';
import { ForbiddenError } from '../../src/common/errors/errors';

describe('formatError', () => {
  const logged: unknown[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
  const format = createFormatError(logger, { exposeStack: false });

  it('masks unknown errors (SQL, driver messages, stacks) as INTERNAL_SERVER_ERROR and logs them in full', () => {
    const raw = new Error(
      'duplicate key value violates unique constraint "practitioner_email_key" SELECT * FROM practitioner',
    );
    const wrapped = new GraphQLError(raw.message, { originalError: raw, path: ['register'] });
    const out = format(
      {
        message: raw.message,
        path: ['register'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['x'] },
      },
      wrapped,
    );
    expect(out).toEqual({
      message: 'Internal server error.',
      path: ['register'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(logged)).toContain('practitioner_email_key');
  });

  it('keeps our coded errors and drops stack traces', () => {
    const err = new ForbiddenError('No.');
    const out = format({ message: 'No.', extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } }, err);
    expect(out.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(out.message).toBe('No.');
  });

  it("maps type-graphql's UNAUTHORIZED to FORBIDDEN", () => {
    const out = format(
      { message: 'Access denied', extensions: { code: 'UNAUTHORIZED' } },
      new GraphQLError('Access denied'),
    );
    expect(out.extensions?.code).toBe('FORBIDDEN');
  });
});
