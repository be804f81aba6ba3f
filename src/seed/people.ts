/**
 * Vietnamese personal names for the synthetic corpus. faker's `vi` locale has family names but
 * orders names the Western way and mixes in English given names, so the middle and given
 * names (which carry the gender) are listed here and composed in Vietnamese order:
 * family · middle · given.
 */
import { Faker, base, vi } from '@faker-js/faker';
import { slugify } from '../domain/vietnamese.js';

export type Gender = 'male' | 'female';

const MIDDLE_NAMES: Record<Gender, string[]> = {
  male: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thành', 'Xuân', 'Mạnh', 'Tiến', 'Ngọc', 'Trọng'],
  female: ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Hồng', 'Minh', 'Phương', 'Thùy', 'Bích', 'Kim', 'Lan', 'Mai'],
};

const GIVEN_NAMES: Record<Gender, string[]> = {
  male: [
    'Toàn',
    'Hùng',
    'Dũng',
    'Tuấn',
    'Hải',
    'Nam',
    'Long',
    'Thắng',
    'Cường',
    'Hưng',
    'Phúc',
    'Khánh',
    'Sơn',
    'Trung',
    'Việt',
    'Bình',
    'Quý',
    'Thịnh',
    'Tâm',
    'Hiếu',
  ],
  female: [
    'Hoa',
    'Lan',
    'Hương',
    'Huyền',
    'Mai',
    'Thảo',
    'Trang',
    'Hằng',
    'Nga',
    'Dung',
    'Yến',
    'Linh',
    'Chi',
    'Ngân',
    'Thủy',
    'Hạnh',
    'Loan',
    'Nhung',
    'Quyên',
    'Vân',
  ],
};

/** "Nguyễn Văn Hùng". */
export function fullName(faker: Faker, gender: Gender): string {
  return `${faker.person.lastName()} ${faker.helpers.arrayElement(MIDDLE_NAMES[gender])} ${faker.helpers.arrayElement(GIVEN_NAMES[gender])}`;
}

/** Reporters often sign with two syllables, like the fixture's "Đức Toàn". */
export function byline(faker: Faker, gender: Gender): string {
  return `${faker.helpers.arrayElement(MIDDLE_NAMES[gender])} ${faker.helpers.arrayElement(GIVEN_NAMES[gender])}`;
}

export function randomGender(faker: Faker): Gender {
  return faker.datatype.boolean() ? 'male' : 'female';
}

/** A Faker with the Vietnamese locale (English as the fallback for what `vi` lacks), seeded. */
export function vietnameseFaker(seed: number): Faker {
  const faker = new Faker({ locale: [vi, base] });
  faker.seed(seed);
  return faker;
}

const AUTHOR_COUNT = 48;
// The newsroom is the same for every corpus, whatever its seed.
const NEWSROOM_SEED = 1975;

/**
 * The corpus's reporters: mostly two-syllable bylines, some full names; the first is the
 * fixture's reporter. Fixed, so tests can name them.
 */
export const AUTHORS: readonly string[] = (() => {
  const faker = vietnameseFaker(NEWSROOM_SEED);
  // Keyed by slug: two names that differ only in tone marks would be one author in the database.
  const names = new Map<string, string>([['duc-toan', 'Đức Toàn']]);
  while (names.size < AUTHOR_COUNT) {
    const gender = randomGender(faker);
    const name = faker.datatype.boolean({ probability: 0.7 }) ? byline(faker, gender) : fullName(faker, gender);
    if (!names.has(slugify(name))) names.set(slugify(name), name);
  }
  return [...names.values()];
})();
