/**
 * Demo content: the reference article as published (filed under its section, with its picture),
 * the "Các tin khác" briefs that appeared beside it, a few hand-written articles around it
 * (prisma/seed/demo-articles.json: its section, its tags, its weeks), and a small synthetic
 * corpus so that lists have pages to turn.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticleInput, type ArticleInput } from '../content/article-input.js';
import { deriveHeadline } from '../content/headline.js';
import { inBatches } from '../content/batches.js';
import { writeArticlesInTransaction, type TransactionRunner } from '../content/write-articles.js';
import { toLocalIsoString } from '../domain/local-time.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { DEFAULT_CORPUS_SEED, generateCorpus } from './synthetic.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REFERENCE_FIXTURE_PATH = path.join(projectRoot, 'prisma/seed/luc-yen-dan-van-kheo.json');
export const DEMO_ARTICLES_PATH = path.join(projectRoot, 'prisma/seed/demo-articles.json');

export const DEMO_SYNTHETIC_ARTICLES = 300;
const DAY_MS = 86_400_000;
/**
 * Where the briefs sit in time relative to the reference article: a few days either side, at
 * staggered hours, so the demo's "newest first" lists interleave them with it.
 */
const OTHER_NEWS_OFFSETS_MS = [-3 * DAY_MS + 2 * 3_600_000, -2 * DAY_MS - 3_600_000, -DAY_MS + 5_400_000, DAY_MS - 4 * 3_600_000];

interface OtherNewsItem {
  title: string | null;
  imageCaption: string | null;
  lead: string;
}

interface ReferenceFixture {
  article: unknown;
  otherNews: OtherNewsItem[];
}

export function loadReferenceFixture(file = REFERENCE_FIXTURE_PATH): ReferenceFixture {
  return JSON.parse(readFileSync(file, 'utf8')) as ReferenceFixture;
}

function mustParse(value: unknown, what: string): ArticleInput {
  const parsed = parseArticleInput(value);
  if (!parsed.ok) throw new Error(`${what} is not a valid article: ${parsed.errors.join('; ')}`);
  return parsed.value;
}

interface DemoArticles {
  /** What the demo adds to the reference article: its section and its picture's file. */
  reference: { category: unknown; images: Record<string, unknown>[] };
  /** Its neighbours, in the import format. */
  articles: unknown[];
}

export function loadDemoArticles(file = DEMO_ARTICLES_PATH): DemoArticles {
  return JSON.parse(readFileSync(file, 'utf8')) as DemoArticles;
}

/** The reference article, through the same validation as any import (NFC, unknown keys dropped). */
export function referenceArticle(fixture = loadReferenceFixture()): ArticleInput {
  return mustParse(fixture.article, 'the reference fixture');
}

/**
 * The reference article as the demo shows it: filed under its section, with its picture served
 * at /media/ (the page's own fixture has neither: the page shows no section, and its photo is
 * not ours to ship).
 */
export function demoReferenceArticle(fixture = loadReferenceFixture(), demo = loadDemoArticles()): ArticleInput {
  const article = fixture.article as { images?: Record<string, unknown>[] };
  return mustParse(
    {
      ...article,
      category: demo.reference.category,
      images: (article.images ?? []).map((image, index) => ({ ...image, ...demo.reference.images[index] })),
    },
    'the reference fixture with its demo section and picture',
  );
}

/** The hand-written articles around the reference: same section, shared tags, the same weeks. */
export function neighbourArticles(demo = loadDemoArticles()): ArticleInput[] {
  return demo.articles.map((article, index) => mustParse(article, `demo-articles.json articles[${index}]`));
}

/**
 * The briefs as short published articles. They have no headline in the fixture, so theirs is
 * the lead's first sentence; the body stays empty because the page showed only the lead.
 */
export function otherNewsArticles(fixture = loadReferenceFixture()): ArticleInput[] {
  const reference = referenceArticle(fixture);
  const referenceTime = new Date(reference.publishedAt ?? reference.updatedAt!).getTime();
  return fixture.otherNews.map((item, index) =>
    mustParse(
      {
        title: item.title ?? deriveHeadline(item.lead.normalize('NFC')),
        status: 'PUBLISHED',
        publishedAt: toLocalIsoString(new Date(referenceTime + OTHER_NEWS_OFFSETS_MS[index % OTHER_NEWS_OFFSETS_MS.length]!)),
        lead: item.lead,
        body: [],
        category: null,
        images: item.imageCaption ? [{ caption: item.imageCaption, position: 0 }] : [],
      },
      `otherNews[${index}]`,
    ),
  );
}

export interface DemoSeedOptions {
  syntheticArticles?: number;
  seed?: number;
}

export interface DemoSeedResult {
  referenceArticleId: number;
  otherNewsArticleIds: number[];
  neighbourArticleIds: number[];
  syntheticArticles: number;
}

/**
 * Writes the demo content in one transaction, so a start-up interrupted half-way leaves the
 * database empty and the next start seeds it again. The reference article goes first and
 * keeps its natural slug.
 */
export async function seedDemoContent(prisma: TransactionRunner, options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const fixture = loadReferenceFixture();
  const syntheticCount = options.syntheticArticles ?? DEMO_SYNTHETIC_ARTICLES;
  return prisma.$transaction(
    async (tx) => {
      const otherNews = otherNewsArticles(fixture);
      const handPicked = await writeArticlesInTransaction(tx, [demoReferenceArticle(fixture), ...otherNews, ...neighbourArticles()]);
      let syntheticArticles = 0;
      for (const batch of inBatches(generateCorpus({ articles: syntheticCount, seed: options.seed ?? DEFAULT_CORPUS_SEED }), 1000)) {
        syntheticArticles += (await writeArticlesInTransaction(tx, batch)).articleIds.length;
      }
      const [referenceArticleId, ...rest] = handPicked.articleIds;
      return {
        referenceArticleId: referenceArticleId!,
        otherNewsArticleIds: rest.slice(0, otherNews.length),
        neighbourArticleIds: rest.slice(otherNews.length),
        syntheticArticles,
      };
    },
    { maxWait: 10_000, timeout: 300_000 },
  );
}

/** True when there is no content at all: the only state in which demo content may be added. */
export async function isDatabaseEmpty(prisma: Pick<PrismaClient, 'article' | 'author' | 'tag' | 'category'>): Promise<boolean> {
  const found = await Promise.all([
    prisma.article.findFirst({ select: { id: true } }),
    prisma.author.findFirst({ select: { id: true } }),
    prisma.tag.findFirst({ select: { id: true } }),
    prisma.category.findFirst({ select: { id: true } }),
  ]);
  return found.every((row) => row === null);
}
