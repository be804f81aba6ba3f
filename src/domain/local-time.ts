/**
 * Newsroom time. The paper prints times and groups articles by day in Asia/Ho_Chi_Minh,
 * which has been UTC+7 without daylight saving since 1975, so a fixed offset is exact for
 * every date this gateway serves, and it never depends on the server's own zone.
 */

export const NEWSROOM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** A calendar day in the newsroom's zone. */
export interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock fields of an instant as read in Vietnam. */
function localFields(instant: Date) {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

/** ISO-8601 with the +07:00 offset: "2024-03-04T14:26:47+07:00". */
export function toLocalIsoString(instant: Date): string {
  const f = localFields(instant);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}+07:00`;
}

const WEEKDAYS_VI = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];

/** As the paper prints it: "Thứ hai, 4/3/2024 | 2:26:47 PM" (day/month, 12-hour clock). */
export function formatPrintedDateTime(instant: Date): string {
  const f = localFields(instant);
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  const meridiem = f.hour < 12 ? 'AM' : 'PM';
  return `${WEEKDAYS_VI[f.weekday]}, ${f.day}/${f.month}/${f.year} | ${hour12}:${pad(f.minute)}:${pad(f.second)} ${meridiem}`;
}

/** The newsroom's calendar day that an instant falls on. */
export function localDateOf(instant: Date): LocalDate {
  const { year, month, day } = localFields(instant);
  return { year, month, day };
}

export function formatLocalDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

/**
 * Parses "YYYY-MM-DD" strictly: no "yesterday", no 2024-02-30, no year 20000.
 * Returns null when the text is not a real calendar date in the supported range.
 */
export function parseLocalDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The half-open instant range [start, end) that a newsroom day covers. */
export function localDayRange(date: LocalDate): { start: Date; end: Date } {
  const start = new Date(Date.UTC(date.year, date.month - 1, date.day) - OFFSET_MS);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/**
 * Parses a date-time given by a client. Accepts a full ISO-8601 instant with an offset or Z,
 * or a bare date, read as the start of that newsroom day. Returns null for anything else.
 */
export function parseInstant(text: string): Date | null {
  const date = parseLocalDate(text);
  if (date) return localDayRange(date).start;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime())) return null;
  // Date accepts 2024-02-30T…; reject days that the calendar does not have.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (!parseLocalDate(`${pad(year, 4)}-${pad(month)}-${pad(day)}`)) return null;
  return instant;
}
