/**
 * Helpers for the caching tests: content made through the editorial API (so publish events
 * flow), GET requests as CDNs and apps send them, and polling for a purge that travels
 * through Redis.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { DatabaseClient } from '../../src/db/database.js';
import type { TestGateway } from './gateway.js';

/** The Redis the tests use (TEST_REDIS_URL); they keep to key prefixes of their own. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis key prefix of our own, and a way to remove every key under it afterwards. */
export function redisTestPrefix() {
  const prefix = `test-cache-${randomBytes(6).toString('hex')}:`;
  return {
    prefix,
    async keys(): Promise<string[]> {
      const redis = new Redis(REDIS_URL);
      try {
        return await scan(redis, `${prefix}*`);
      } finally {
        await redis.quit();
      }
    },
    async cleanUp() {
      const redis = new Redis(REDIS_URL);
      try {
        const keys = await scan(redis, `${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
      } finally {
        await redis.quit();
      }
    },
  };
}

async function scan(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Sections, a tag and an author to publish into. */
export async function createTaxonomy(prisma: DatabaseClient) {
  const thoiSu = await prisma.category.create({ data: { slug: 'thoi-su', name: 'Thời sự', position: 0 } });
  const trongTinh = await prisma.category.create({ data: { slug: 'trong-tinh', name: 'Trong tỉnh', parentId: thoiSu.id } });
  const kinhTe = await prisma.category.create({ data: { slug: 'kinh-te', name: 'Kinh tế', position: 1 } });
  const ducToan = await prisma.author.create({ data: { slug: 'duc-toan', name: 'Đức Toàn' } });
  const thuHa = await prisma.author.create({ data: { slug: 'thu-ha', name: 'Thu Hà' } });
  return { thoiSu, trongTinh, kinhTe, ducToan, thuHa };
}

const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) {
  __typename ... on MutationCreateArticleSuccess { data { id slug version } } ... on ValidationError { message } } }`;
const PUBLISH = `mutation($id: ID!) { publishArticle(id: $id) { __typename } }`;
const UNPUBLISH = `mutation($id: ID!) { unpublishArticle(id: $id) { __typename } }`;
const UPDATE = `mutation($id: ID!, $version: Int!, $input: UpdateArticleInput!) { updateArticle(id: $id, version: $version, input: $input) {
  __typename ... on MutationUpdateArticleSuccess { data { version } } } }`;

export interface PublishedArticle {
  id: string;
  slug: string;
}

/** Creates and publishes an article through the API, as a newsroom does. */
export async function publishArticle(
  api: TestGateway,
  token: string,
  input: { title: string; category?: string; author?: string; tags?: string[]; lead?: string },
): Promise<PublishedArticle> {
  const created = await api.query(CREATE, { input }, token);
  expect(created.data?.createArticle?.__typename, JSON.stringify(created)).toBe('MutationCreateArticleSuccess');
  const { id, slug } = created.data.createArticle.data;
  const published = await api.query(PUBLISH, { id }, token);
  expect(published.data?.publishArticle?.__typename, JSON.stringify(published)).toBe('MutationPublishArticleSuccess');
  return { id, slug };
}

export async function unpublishArticle(api: TestGateway, token: string, id: string) {
  const response = await api.query(UNPUBLISH, { id }, token);
  expect(response.data?.unpublishArticle?.__typename, JSON.stringify(response)).toBe('MutationUnpublishArticleSuccess');
}

export async function updateArticle(api: TestGateway, token: string, id: string, input: Record<string, unknown>) {
  const current = await api.query('query($id: ID!) { article(id: $id, preview: true) { version } }', { id }, token);
  const response = await api.query(UPDATE, { id, version: current.data.article.version, input }, token);
  expect(response.data?.updateArticle?.__typename, JSON.stringify(response)).toBe('MutationUpdateArticleSuccess');
}

/** A reader's GET, with the query in the URL. */
export function getQuery(api: TestGateway, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const params = new URLSearchParams({ query });
  if (variables) params.set('variables', JSON.stringify(variables));
  return api.fetch(`/graphql?${params}`, { headers: { accept: 'application/graphql-response+json', ...headers } });
}

/** Retries `check` until it passes (purges through Redis take a moment); see timeouts.ts for the bound. */
export { eventually } from './timeouts.js';
