import { describe, expect, it } from 'vitest';
import { classifyDatabaseFault } from '../../src/db/faults.js';

/** Prisma's wrapping of a driver-adapter error: the driver's fault sits in meta.driverAdapterError.cause. */
const prismaWrapped = (cause: object) =>
  Object.assign(new Error('Invalid `prisma.article.findMany()` invocation'), { meta: { driverAdapterError: { cause } } });

describe('classifyDatabaseFault', () => {
  it('timeouts: the server cancelled the statement, no answer in time, or no free connection', () => {
    expect(classifyDatabaseFault(prismaWrapped({ kind: 'postgres', code: '57014' }))).toBe('timeout');
    expect(classifyDatabaseFault(new Error('Query read timeout'))).toBe('timeout');
    expect(classifyDatabaseFault(new Error('timeout exceeded when trying to connect'))).toBe('timeout');
  });

  it('unavailable: refused, unreachable, cut, restarting, or the handshake got no answer', () => {
    expect(classifyDatabaseFault(prismaWrapped({ kind: 'DatabaseNotReachable', host: 'db', port: 5432 }))).toBe('unavailable');
    expect(classifyDatabaseFault(prismaWrapped({ kind: 'postgres', code: '57P01' }))).toBe('unavailable');
    expect(classifyDatabaseFault(new Error('Connection terminated due to connection timeout'))).toBe('unavailable');
    expect(classifyDatabaseFault(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    // Wrapped by graphql-js in an error whose originalError is the driver's.
    expect(classifyDatabaseFault({ originalError: new Error('connect ECONNREFUSED 127.0.0.1:5432') })).toBe('unavailable');
  });

  it('anything else is not the database being away', () => {
    expect(classifyDatabaseFault(prismaWrapped({ kind: 'postgres', code: '42P01' }))).toBeNull();
    expect(classifyDatabaseFault(new Error('Cannot read properties of undefined'))).toBeNull();
  });
});
