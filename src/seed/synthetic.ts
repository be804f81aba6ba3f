/**
 * A deterministic synthetic corpus of Vietnamese provincial news: the same seed gives the same
 * articles, byte for byte, on any machine. It is a generator, so a million articles stream
 * through in batches and are never all in memory.
 */
import type { ArticleInput, CategoryInput, ImageInput } from '../content/article-input.js';
import { localDayRange, parseInstant, parseLocalDate, toLocalIsoString } from '../domain/local-time.js';
import { NewsWriter, placeWithKind, type Story } from './news-text.js';
import { AUTHORS, vietnameseFaker } from './people.js';
import { DISTRICTS, PROVINCES, SECTIONS, TAGS, TOPICS_BY_SECTION, type SectionSpec, type TagSpec } from './vocabulary.js';
import { weightedSampler, zipfSampler } from './zipf.js';

export { AUTHORS, SECTIONS, TAGS };

export const DEFAULT_CORPUS_SEED = 20240304;
export const DEFAULT_START_DATE = '2021-01-01';
export const DEFAULT_END_DATE = '2025-12-31';

export interface CorpusOptions {
  articles: number;
  seed?: number;
  /** First newsroom day (inclusive): "2021-01-01", or an instant. */
  startDate?: string | Date;
  /** Last newsroom day (inclusive): "2025-12-31", or an instant (exclusive). */
  endDate?: string | Date;
}

const DRAFT_SHARE = 0.03;
const TAG_EXPONENT = 1;
/** How many tags a story carries: 1 to 5, mostly 2–3. */
const TAG_COUNT_WEIGHTS = [15, 30, 30, 15, 10];
const IMAGE_COUNT_WEIGHTS = [30, 45, 15, 10];
/** Stories are filed in the working day, 06:00–22:00 newsroom time. */
const FIRST_HOUR = 6;
const LAST_HOUR = 22;

/**
 * Synthetic stories are illustrated with pictures shipped in media/demo/minh-hoa, so every
 * `images.src` of a seeded database resolves offline (three per aspect ratio).
 */
const ILLUSTRATIONS = {
  675: [1, 3, 5],
  800: [2, 4, 6],
} as const;

function illustration(height: 675 | 800, key: string): { src: string; width: number; height: number } {
  const choices = ILLUSTRATIONS[height];
  const number = choices[key.charCodeAt(0) % choices.length]!;
  return { src: `/media/demo/minh-hoa/anh-minh-hoa-${number}.jpg`, width: 1200, height };
}

function resolveBound(value: string | Date, edge: 'start' | 'end'): Date {
  if (value instanceof Date) return value;
  const day = parseLocalDate(value);
  if (day) return localDayRange(day)[edge];
  const instant = parseInstant(value);
  if (!instant) throw new RangeError(`not a date: "${value}"`);
  return instant;
}

function sectionInput(section: SectionSpec): CategoryInput {
  const parent = section.parentSlug ? SECTIONS.find((s) => s.slug === section.parentSlug) : undefined;
  return {
    name: section.name,
    slug: section.slug,
    position: section.position,
    ...(parent && { parent: sectionInput(parent) }),
  };
}

export function* generateCorpus(options: CorpusOptions): Generator<ArticleInput> {
  const { articles, seed = DEFAULT_CORPUS_SEED } = options;
  if (!Number.isInteger(articles) || articles < 0) throw new RangeError(`articles must be a non-negative integer, got ${articles}`);
  const start = resolveBound(options.startDate ?? DEFAULT_START_DATE, 'start');
  const end = resolveBound(options.endDate ?? DEFAULT_END_DATE, 'end');
  if (!(start < end)) throw new RangeError('startDate must be before endDate');

  const faker = vietnameseFaker(seed);
  const writer = new NewsWriter(faker);
  const uniform = () => faker.number.float({ min: 0, max: 1 });
  const drawTag = zipfSampler(TAGS.length, TAG_EXPONENT);
  const drawTagCount = weightedSampler(TAG_COUNT_WEIGHTS);
  const drawImageCount = weightedSampler(IMAGE_COUNT_WEIGHTS);
  const drawSection = weightedSampler(SECTIONS.map((s) => s.weight));
  // Some reporters file far more than others.
  const drawAuthor = zipfSampler(AUTHORS.length, 0.8);
  const sectionInputs = new Map(SECTIONS.map((s) => [s.slug, sectionInput(s)]));
  const sectionBySlug = new Map(SECTIONS.map((s) => [s.slug, s]));

  const dayCount = Math.max(1, Math.floor((end.getTime() - start.getTime()) / 86_400_000));

  const publicationTime = (): Date => {
    const day = faker.number.int({ min: 0, max: dayCount - 1 });
    const second = faker.number.int({ min: FIRST_HOUR * 3600, max: LAST_HOUR * 3600 - 1 });
    const instant = new Date(start.getTime() + day * 86_400_000 + second * 1000);
    return instant < end ? instant : new Date(end.getTime() - 1000);
  };

  const drawTags = (): TagSpec[] => {
    const count = drawTagCount(uniform()) + 1;
    const chosen = new Set<TagSpec>();
    // The head of the distribution repeats often; a few extra draws always find distinct tags.
    for (let attempt = 0; chosen.size < count && attempt < count * 10; attempt++) chosen.add(TAGS[drawTag(uniform())]!);
    return [...chosen];
  };

  for (let index = 0; index < articles; index++) {
    const tags = drawTags();
    const topicTag = tags.find((tag) => tag.kind === 'topic');
    const placeTag = tags.find((tag) => tag.kind === 'place');

    const section =
      topicTag && faker.datatype.boolean({ probability: 0.85 })
        ? sectionBySlug.get(topicTag.sectionSlug!)!
        : SECTIONS[drawSection(uniform())]!;
    const topic = topicTag?.phrase ?? faker.helpers.arrayElement(TOPICS_BY_SECTION.get(section.slug)!).phrase;

    const inDistrict = placeTag ? DISTRICTS.includes(placeTag.name) : faker.datatype.boolean({ probability: 0.6 });
    const place = placeTag?.name ?? faker.helpers.arrayElement(inDistrict ? DISTRICTS : PROVINCES);
    const publishedAt = publicationTime();
    const story: Story = { place, placeFull: placeWithKind(place, inDistrict), topic, publishedAt };

    const isDraft = faker.datatype.boolean({ probability: DRAFT_SHARE });
    const revisedMinutes = faker.datatype.boolean({ probability: 0.3 }) ? faker.number.int({ min: 5, max: 600 }) : 0;
    const updatedAt = new Date(publishedAt.getTime() + revisedMinutes * 60_000);

    const title = writer.headline(story);
    const lead = writer.lead(story);
    const body = writer.paragraphs(story);
    const images: ImageInput[] = Array.from({ length: drawImageCount(uniform()) }, (_, position) => {
      const caption = writer.caption(story);
      // The draws stay in their historical order (picture key, alt, height) so that a seed gives
      // the same corpus as before the pictures were shipped.
      const pictureKey = faker.string.alphanumeric({ length: 12, casing: 'lower' });
      const alt = faker.datatype.boolean({ probability: 0.5 }) ? caption.replace(/\.$/, '') : null;
      const height = faker.helpers.arrayElement([675, 800] as const);
      const picture = illustration(height, pictureKey);
      return { src: picture.src, caption, alt, width: picture.width, height: picture.height, position };
    });

    yield {
      title,
      status: isDraft ? 'DRAFT' : 'PUBLISHED',
      ...(!isDraft && { publishedAt: toLocalIsoString(publishedAt) }),
      updatedAt: toLocalIsoString(updatedAt),
      dateline: faker.datatype.boolean({ probability: 0.7 }) ? place : null,
      lead,
      body,
      author: faker.datatype.boolean({ probability: 0.95 }) ? AUTHORS[drawAuthor(uniform())]! : null,
      tags: tags.map((tag) => tag.name),
      category: sectionInputs.get(section.slug)!,
      images,
    };
  }
}
