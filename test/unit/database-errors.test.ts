import { databaseFault } from '../../src/common/errors/database-errors';

describe('databaseFault', () => {
  it.each([
    [new Error('timeout exceeded when trying to connect'), 'DATABASE_BUSY'],
    [
      { message: 'canceling statement due to statement timeout', driverError: { code: '57014' } },
      'DATABASE_TIMEOUT',
    ],
    [
      { message: 'terminating connection due to administrator command', code: '57P01' },
      'DATABASE_UNAVAILABLE',
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      'DATABASE_UNAVAILABLE',
    ],
    [new Error('Connection terminated unexpectedly'), 'DATABASE_UNAVAILABLE'],
    [new Error('Query runner already released. Cannot run queries anymore.'), 'DATABASE_UNAVAILABLE'],
  ])('classifies %p as %s', (error, reason) => {
    expect(databaseFault(error)?.reason).toBe(reason);
  });

  it('leaves other errors alone (they stay masked as internal errors)', () => {
    expect(databaseFault(new Error('duplicate key value violates unique constraint'))).toBeNull();
    expect(databaseFault({ message: 'syntax error', driverError: { code: '42601' } })).toBeNull();
    expect(databaseFault(null)).toBeNull();
  });
});
