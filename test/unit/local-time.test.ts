import { describe, expect, it } from 'vitest';
import {
  formatPrintedDateTime,
  localDateOf,
  localDayRange,
  parseInstant,
  parseLocalDate,
  toLocalIsoString,
} from '../../src/domain/local-time.js';

describe('newsroom time (Asia/Ho_Chi_Minh, UTC+7)', () => {
  const reference = new Date('2024-03-04T14:26:47+07:00');

  it('prints instants with the +07:00 offset whatever the server zone', () => {
    expect(toLocalIsoString(reference)).toBe('2024-03-04T14:26:47+07:00');
    expect(toLocalIsoString(new Date('2024-03-03T17:30:00Z'))).toBe('2024-03-04T00:30:00+07:00');
  });

  it('formats as the paper prints it', () => {
    expect(formatPrintedDateTime(reference)).toBe('Thứ hai, 4/3/2024 | 2:26:47 PM');
    expect(formatPrintedDateTime(new Date('2024-03-10T00:05:09+07:00'))).toBe('Chủ nhật, 10/3/2024 | 12:05:09 AM');
    expect(formatPrintedDateTime(new Date('2024-03-09T12:00:00+07:00'))).toBe('Thứ bảy, 9/3/2024 | 12:00:00 PM');
  });

  it('puts 00:30 in Vietnam on that day although it is the previous day in UTC', () => {
    expect(localDateOf(new Date('2024-03-03T17:30:00Z'))).toEqual({ year: 2024, month: 3, day: 4 });
    expect(localDateOf(new Date('2024-03-03T16:59:59Z'))).toEqual({ year: 2024, month: 3, day: 3 });
  });

  it('gives a day as the UTC range it covers', () => {
    const { start, end } = localDayRange({ year: 2024, month: 1, day: 1 });
    expect(start.toISOString()).toBe('2023-12-31T17:00:00.000Z');
    expect(end.toISOString()).toBe('2024-01-01T17:00:00.000Z');
  });
});

describe('parseLocalDate', () => {
  it('accepts real calendar dates', () => {
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseLocalDate('2023-12-31')).toEqual({ year: 2023, month: 12, day: 31 });
  });

  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', 'yesterday', '2024-3-4', '20000-01-01', '0999-01-01', ''])(
    'rejects %j',
    (text) => {
      expect(parseLocalDate(text)).toBeNull();
    },
  );
});

describe('parseInstant', () => {
  it('reads a bare date as the start of that day in Vietnam', () => {
    expect(parseInstant('2024-03-04')?.toISOString()).toBe('2024-03-03T17:00:00.000Z');
  });

  it('reads full instants with an offset or Z', () => {
    expect(parseInstant('2024-03-04T14:26:47+07:00')?.toISOString()).toBe('2024-03-04T07:26:47.000Z');
    expect(parseInstant('2024-03-04T07:26:47.5Z')?.toISOString()).toBe('2024-03-04T07:26:47.500Z');
  });

  it.each(['2024-02-30T10:00:00Z', '2024-03-04T14:26:47', 'now', '2024-03-04 14:26:47+07:00'])('rejects %j', (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});
