import { Kind } from 'graphql';
import { parseInstant, parseLocalDate, toLocalIsoString } from '../domain/local-time.js';
import { builder } from './builder.js';
import { ErrorCode, userError } from './errors.js';

builder.scalarType('DateTime', {
  description:
    'An instant, as ISO-8601 with the newsroom\'s offset: "2024-03-04T14:26:47+07:00". ' +
    'As input, any ISO-8601 instant with an offset or Z, or a bare date "2024-03-04" meaning the start of that day in Asia/Ho_Chi_Minh.',
  serialize: (value) => toLocalIsoString(value instanceof Date ? value : new Date(String(value))),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});

function parseDateTime(value: unknown): Date {
  const instant = typeof value === 'string' ? parseInstant(value) : null;
  if (!instant) {
    throw userError(
      ErrorCode.INVALID_DATE,
      `Expected an ISO-8601 date-time such as "2024-03-04T14:26:47+07:00", got ${JSON.stringify(value)}`,
    );
  }
  return instant;
}

builder.scalarType('LocalDate', {
  description: 'A calendar day in Asia/Ho_Chi_Minh, "YYYY-MM-DD".',
  serialize: (value) => String(value),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null),
});

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !parseLocalDate(value)) {
    throw userError(ErrorCode.INVALID_DATE, `Expected a calendar date "YYYY-MM-DD" (e.g. "2024-03-04"), got ${JSON.stringify(value)}`);
  }
  return value;
}
