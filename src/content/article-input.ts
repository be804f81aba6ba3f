/**
 * The shape of an article as it arrives from outside: one JSON object per NDJSON line, the
 * reference fixture, the synthetic corpus. Validation is pure and reports every problem at
 * once with the field it concerns, so an editor can fix a file in one pass.
 */
import { normalizeText, slugify } from '../domain/vietnamese.js';
import { parseInstant } from '../domain/local-time.js';

export const ARTICLE_STATUSES = ['DRAFT', 'PUBLISHED', 'ARCHIVED'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const MAX_TITLE_LENGTH = 500;
/** Deep enough for any newspaper menu; stops a pathological file from recursing forever. */
export const MAX_CATEGORY_DEPTH = 5;

/** A section, by display name; `parent` places it in the tree ("Thời sự" > "Trong tỉnh"). */
export interface CategoryInput {
  name: string;
  slug?: string;
  /** A name, or the parent with its own parent. */
  parent?: string | CategoryInput | null;
  /** Order among siblings in menus. */
  position?: number;
}

export interface ImageInput {
  src?: string | null;
  caption?: string | null;
  alt?: string | null;
  width?: number;
  height?: number;
  position?: number;
}

export interface ArticleInput {
  title: string;
  slug?: string;
  /** PUBLISHED when absent. */
  status?: ArticleStatus;
  /** ISO-8601 with an offset; a published article without it was published at `updatedAt`. */
  publishedAt?: string | null;
  updatedAt?: string | null;
  dateline?: string | null;
  lead?: string;
  /** Paragraphs, in order. */
  body: string[];
  /** Display name of the byline ("Đức Toàn"). */
  author?: string | null;
  /** Display names, in the editor's order. */
  tags?: string[];
  category?: string | CategoryInput | null;
  images?: ImageInput[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Stricter than parseInstant, which also takes a bare date: an imported time must say its zone.
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects problems against field paths ("images[0].width: …"). */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(path ? `${path}: ${message}` : message);
  }
}

/**
 * Text fit for storage: NFC (so "ế" is one code point), trimmed, and without NUL, which
 * PostgreSQL cannot store in text or jsonb and would otherwise fail the whole batch.
 */
function readText(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value !== 'string') {
    problems.add(path, 'must be a string');
    return undefined;
  }
  if (value.includes('\u0000')) {
    problems.add(path, 'must not contain NUL characters');
    return undefined;
  }
  return normalizeText(value).trim();
}

/** Absent, null and blank all mean "none" for optional text. */
function readOptionalText(value: unknown, path: string, problems: Problems): string | null {
  if (value === undefined || value === null) return null;
  const text = readText(value, path, problems);
  return text ? text : null;
}

/** A name that becomes a slug (author, tag, category) must leave something after folding. */
function readName(value: unknown, path: string, problems: Problems): string | undefined {
  const name = readText(value, path, problems);
  if (name === undefined) return undefined;
  if (name === '') problems.add(path, 'must not be empty');
  else if (slugify(name) === '') problems.add(path, 'must contain a letter or a digit');
  else return name;
  return undefined;
}

function readSlug(value: unknown, path: string, problems: Problems): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !SLUG_PATTERN.test(value)) {
    problems.add(path, 'must be lowercase letters and digits joined by single dashes, like "luc-yen"');
    return undefined;
  }
  return value;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** What is wrong with a date-time that has the right shape but is not on the calendar or the clock. */
function impossibleDateTime(text: string): string {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12) return `${text.slice(0, 10)} has no month ${month}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${text.slice(0, 10)} is not on the calendar: ${MONTHS[month - 1]} ${year} has ${days} days`;
  const offset = /(Z|[+-]\d{2}:\d{2})$/.exec(text)![0];
  const clock = text.slice(11, text.length - offset.length);
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4)) > 59)) return `${offset} is not a time-zone offset`;
  return `${clock} is not a time of day`;
}

function readDateTime(value: unknown, path: string, problems: Problems): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && DATE_TIME_WITH_OFFSET.test(value) && !parseInstant(value)) {
    problems.add(path, impossibleDateTime(value));
    return undefined;
  }
  if (typeof value !== 'string' || !DATE_TIME_WITH_OFFSET.test(value)) {
    const missingOffset = typeof value === 'string' && DATE_TIME_WITH_OFFSET.test(`${value}+07:00`);
    problems.add(
      path,
      missingOffset
        ? 'has no offset: add one, like 2024-03-04T14:26:47+07:00 for a time in Vietnam'
        : 'must be an ISO-8601 date-time with an offset, like 2024-03-04T14:26:47+07:00',
    );
    return undefined;
  }
  return value;
}

function readInteger(value: unknown, path: string, problems: Problems, min: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    problems.add(path, `must be an integer of at least ${min}`);
    return undefined;
  }
  return value;
}

function readArray(value: unknown, path: string, problems: Problems): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  problems.add(path, 'must be an array');
  return undefined;
}

function readCategory(value: unknown, path: string, problems: Problems, depth = 1): CategoryInput | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const name = readName(value, path, problems);
    return name === undefined ? null : { name };
  }
  if (!isObject(value)) {
    problems.add(path, 'must be a name, an object { name, slug?, parent? } or null');
    return null;
  }
  let name: string | undefined;
  if (value.name === undefined || value.name === null) problems.add(`${path}.name`, 'is required');
  else name = readName(value.name, `${path}.name`, problems);
  const slug = readSlug(value.slug, `${path}.slug`, problems);
  const position = readInteger(value.position, `${path}.position`, problems, 0);
  let parent: CategoryInput | null = null;
  if (value.parent !== undefined && value.parent !== null) {
    if (depth >= MAX_CATEGORY_DEPTH) problems.add(`${path}.parent`, `must not nest deeper than ${MAX_CATEGORY_DEPTH} levels`);
    else parent = readCategory(value.parent, `${path}.parent`, problems, depth + 1);
  }
  if (name === undefined) return null;
  return {
    name,
    ...(slug !== undefined && { slug }),
    ...(parent && { parent }),
    ...(position !== undefined && { position }),
  };
}

function readImage(value: unknown, path: string, problems: Problems): ImageInput | undefined {
  if (!isObject(value)) {
    problems.add(path, 'must be an object');
    return undefined;
  }
  const image: ImageInput = {
    src: readOptionalText(value.src, `${path}.src`, problems),
    caption: readOptionalText(value.caption, `${path}.caption`, problems),
    alt: readOptionalText(value.alt, `${path}.alt`, problems),
  };
  const width = readInteger(value.width, `${path}.width`, problems, 1);
  const height = readInteger(value.height, `${path}.height`, problems, 1);
  const position = readInteger(value.position, `${path}.position`, problems, 0);
  if (width !== undefined) image.width = width;
  if (height !== undefined) image.height = height;
  if (position !== undefined) image.position = position;
  return image;
}

/** Reads each element with `read`; elements that fail are reported and left out. */
function readList<T>(value: unknown, path: string, problems: Problems, read: (item: unknown, path: string) => T | undefined): T[] {
  const items = readArray(value, path, problems) ?? [];
  const result: T[] = [];
  items.forEach((item, index) => {
    const parsed = read(item, `${path}[${index}]`);
    if (parsed !== undefined) result.push(parsed);
  });
  return result;
}

function readStatus(value: unknown, problems: Problems): ArticleStatus {
  if (value === undefined || value === null) return 'PUBLISHED';
  if (typeof value === 'string' && (ARTICLE_STATUSES as readonly string[]).includes(value)) return value as ArticleStatus;
  problems.add('status', `must be one of ${ARTICLE_STATUSES.join(', ')}`);
  return 'PUBLISHED';
}

/**
 * Validates and normalizes one article. Unknown keys are ignored (the fixture carries
 * `updatedAtAsShown`, `figures`…); the result has its status filled in and every string NFC.
 */
export function parseArticleInput(value: unknown): ParseResult<ArticleInput> {
  if (!isObject(value)) return { ok: false, errors: ['must be a JSON object'] };
  const problems = new Problems();

  let title: string | undefined;
  if (value.title === undefined || value.title === null) problems.add('title', 'is required');
  else {
    title = readText(value.title, 'title', problems);
    if (title === '') problems.add('title', 'must not be empty');
    else if (title !== undefined && [...title].length > MAX_TITLE_LENGTH) {
      problems.add('title', `must be at most ${MAX_TITLE_LENGTH} characters`);
    }
  }

  const status = readStatus(value.status, problems);
  const publishedAt = readDateTime(value.publishedAt, 'publishedAt', problems);
  const updatedAt = readDateTime(value.updatedAt, 'updatedAt', problems);
  const datesGiven = value.publishedAt != null || value.updatedAt != null;
  if (status === 'PUBLISHED' && !datesGiven) {
    problems.add('publishedAt', 'is required for a PUBLISHED article (or give updatedAt)');
  }

  const lead = value.lead === undefined || value.lead === null ? '' : readText(value.lead, 'lead', problems);
  let body: string[] = [];
  if (value.body === undefined) problems.add('body', 'is required (an array of paragraphs)');
  else body = readList(value.body, 'body', problems, (item, path) => readText(item, path, problems)).filter(Boolean);

  const author = value.author === undefined || value.author === null ? null : readName(value.author, 'author', problems);
  const tags = value.tags == null ? [] : readList(value.tags, 'tags', problems, (item, path) => readName(item, path, problems));
  const images = value.images == null ? [] : readList(value.images, 'images', problems, (item, path) => readImage(item, path, problems));
  const category = readCategory(value.category, 'category', problems);
  const slug = readSlug(value.slug, 'slug', problems);
  const dateline = readOptionalText(value.dateline, 'dateline', problems);

  if (problems.list.length > 0 || title === undefined) return { ok: false, errors: problems.list };
  return {
    ok: true,
    value: {
      title,
      ...(slug !== undefined && { slug }),
      status,
      ...(publishedAt !== undefined && { publishedAt }),
      ...(updatedAt !== undefined && { updatedAt }),
      dateline,
      lead: lead ?? '',
      body,
      author: author ?? null,
      tags,
      category,
      images,
    },
  };
}
