/**
 * Fills the templates of phrases.ts into headlines, leads, paragraphs and captions about one
 * story (a place, a topic, a date), so that every part of an article talks about the same thing.
 * All randomness comes from the Faker passed in, which the corpus seeds.
 */
import type { Faker } from '@faker-js/faker';
import { localDateOf } from '../domain/local-time.js';
import { fullName, randomGender } from './people.js';
import * as phrases from './phrases.js';

export interface Story {
  /** As a headline names it: "Lục Yên". */
  place: string;
  /** As a sentence names it: "huyện Lục Yên". */
  placeFull: string;
  /** The phrase for the story's subject: "xây dựng nông thôn mới". */
  topic: string;
  publishedAt: Date;
}

const SLOT = /\{(\w+)\}/g;

/** "1200" → "1.200": Vietnamese groups thousands with a dot. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export function capitalizeFirst(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** "huyện Lục Yên", "tỉnh Yên Bái", "thành phố Hà Nội", "TP Hồ Chí Minh". */
export function placeWithKind(name: string, isDistrict: boolean): string {
  const kind = phrases.PLACE_KIND[name] ?? (isDistrict ? 'huyện' : 'tỉnh');
  return kind ? `${kind} ${name}` : name;
}

export class NewsWriter {
  constructor(private readonly faker: Faker) {}

  headline(story: Story): string {
    return capitalizeFirst(this.fill(this.pick(phrases.TITLES), story));
  }

  lead(story: Story): string {
    return capitalizeFirst(this.fill(this.pick(phrases.LEADS), story));
  }

  /** 3–10 paragraphs of 1–3 sentences; often a quote, always a closing "what next". */
  paragraphs(story: Story): string[] {
    const count = this.faker.number.int({ min: 3, max: 10 });
    let pool: string[] = [];
    const nextSentence = () => {
      // Draw without repeats until the templates run out, as a reporter would vary them.
      if (pool.length === 0) pool = this.faker.helpers.shuffle([...phrases.SENTENCES]);
      return pool.pop()!;
    };
    const quoteAt = this.faker.datatype.boolean({ probability: 0.7 }) ? this.faker.number.int({ min: 1, max: count - 2 }) : -1;
    const result: string[] = [];
    for (let index = 0; index < count; index++) {
      let templates: string[];
      if (index === count - 1) templates = [this.pick(phrases.CLOSINGS)];
      else if (index === quoteAt) templates = [this.pick(phrases.QUOTE_SENTENCES)];
      else templates = Array.from({ length: this.faker.number.int({ min: 1, max: 3 }) }, nextSentence);
      result.push(templates.map((template) => capitalizeFirst(this.fill(template, story))).join(' '));
    }
    return result;
  }

  caption(story: Story): string {
    return capitalizeFirst(this.fill(this.pick(phrases.CAPTIONS), story));
  }

  private pick<T>(items: readonly T[]): T {
    return this.faker.helpers.arrayElement(items);
  }

  private int(min: number, max: number): number {
    return this.faker.number.int({ min, max });
  }

  /** Replaces each {slot}; a person's title and name agree in gender within one sentence. */
  private fill(template: string, story: Story): string {
    let gender: ReturnType<typeof randomGender> | undefined;
    const genderOnce = () => (gender ??= randomGender(this.faker));
    const year = localDateOf(story.publishedAt).year;
    return template.replace(SLOT, (_, slot: string) => {
      switch (slot) {
        case 'place':
          return story.place;
        case 'placeFull':
          return story.placeFull;
        case 'topic':
          return story.topic;
        case 'year':
          return String(year);
        case 'next':
          return String(year + 1);
        case 'date': {
          const { day, month } = localDateOf(new Date(story.publishedAt.getTime() - this.int(0, 2) * 86_400_000));
          return `Ngày ${day}/${month}`;
        }
        case 'period': {
          const period = this.pick(phrases.PERIODS);
          return `${period} ${year}`;
        }
        case 'pct':
          return String(this.int(70, 125));
        case 'small':
          return String(this.int(3, 25));
        case 'amount':
          return formatCount(this.int(2, 650));
        case 'n':
          return String(this.int(3, 60));
        case 'people':
          return formatCount(this.int(12, 480) * 10);
        case 'months':
          return String(this.pick([3, 6, 9]));
        case 'num':
          return String(this.int(1, 99));
        case 'honorific':
          return genderOnce() === 'male' ? 'Ông' : 'Bà';
        case 'person':
          return fullName(this.faker, genderOnce());
        case 'commune':
          return `xã ${this.pick(phrases.COMMUNE_FIRST)} ${this.pick(phrases.COMMUNE_SECOND)}`;
        case 'org':
          return this.pick(phrases.ORGS);
        case 'role':
          return this.pick(phrases.ROLES);
        case 'citizen':
          return this.pick(phrases.CITIZENS);
        case 'citizenQuote':
          return this.pick(phrases.CITIZEN_QUOTES);
        case 'officialQuote':
          return this.pick(phrases.OFFICIAL_QUOTES);
        case 'difficulty':
          return this.pick(phrases.DIFFICULTIES);
        case 'contribution':
          return this.pick(phrases.CONTRIBUTIONS);
        case 'request':
          return this.pick(phrases.REQUESTS);
        // These pieces have slots of their own.
        case 'achievement':
          return this.fill(this.pick(phrases.ACHIEVEMENTS), story);
        case 'action':
          return this.fill(this.pick(phrases.ACTIONS), story);
        case 'goal':
          return this.fill(this.pick(phrases.GOALS), story);
        case 'document':
          return this.fill(this.pick(phrases.DOCUMENTS), story);
        default:
          throw new Error(`unknown slot {${slot}} in "${template}"`);
      }
    });
  }
}
