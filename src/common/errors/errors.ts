import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-code';

/** One offending input field and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
  /** A stable word for clients (e.g. the password rule that failed: TOO_SHORT, COMMON...). */
  reason?: string;
}

/** Base class of every error the API raises on purpose. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'You must be signed in to do this.') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this.') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(ErrorCode.NOT_FOUND, `${what} was not found.`);
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, fields: FieldProblem[] = []) {
    super(ErrorCode.BAD_USER_INPUT, message, fields.length ? { fields } : {});
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(ErrorCode.CONFLICT, message);
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, `Too many requests; retry after ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
}
