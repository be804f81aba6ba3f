/**
 * Every example in README.md, run as written against a gateway on the demo content: each
 * ```graphql block is sent as is (a subscription waits for an event), each ```sh block's
 * non-npm lines run in bash with `localhost:4000` pointing at the test server and `ngw_…` at a
 * token made with `npm run create-editor` (through the running gateway, as the README says).
 * An answer must be meaningful, not just error-free: no errors, no empty list, no zero count,
 * no top-level null.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../support/commands.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { postQuery, projectRoot } from '../support/server-process.js';
import { EVENTUALLY_MS } from '../support/timeouts.js';

const exec = promisify(execFile);
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface Block {
  lang: string;
  text: string;
  line: number;
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const pattern = /^( *)```(\w*)\n([\s\S]*?)^\1```$/gm;
  for (let match; (match = pattern.exec(markdown));) {
    const indent = match[1]!.length;
    const text = match[3]!
      .split('\n')
      .map((line) => line.slice(indent))
      .join('\n');
    blocks.push({ lang: match[2]!, text, line: markdown.slice(0, match.index).split('\n').length });
  }
  return blocks;
}

const blocks = fencedBlocks(readme);
const graphqlBlocks = blocks.filter((block) => block.lang === 'graphql');
/** Shell blocks with something to run besides npm commands (documented and tested elsewhere). */
const shellBlocks = blocks
  .filter((block) => block.lang === 'sh')
  .map((block) => ({ ...block, script: runnableLines(block.text) }))
  .filter((block) => block.script.trim() !== '');

function runnableLines(text: string): string {
  const kept: string[] = [];
  let continuing = false;
  for (const line of text.split('\n')) {
    const skip: boolean = !continuing && (/^\s*npm /.test(line) || /^\s*#/.test(line) || line.trim() === '');
    if (!skip) kept.push(line);
    continuing = !skip && line.trimEnd().endsWith('\\');
  }
  return kept.join('\n');
}

/**
 * Where an answer says nothing: a null top-level field, a zero count, an empty list. Inside a
 * list's members an empty list is fine (an article of a page may have no tags); the objects an
 * example asks for by name must be full.
 */
function emptiness(value: unknown, path: string, depth = 0, inListMember = false): string[] {
  if (value === null) return depth <= 1 ? [`${path} is null`] : [];
  if (Array.isArray(value)) {
    if (value.length === 0) return inListMember ? [] : [`${path} is empty`];
    return value.flatMap((item, i) => emptiness(item, `${path}[${i}]`, depth + 1, true));
  }
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
      key === 'totalCount' && child === 0 ? [`${path}.${key} is 0`] : emptiness(child, `${path}.${key}`, depth + 1, inListMember),
    );
  return [];
}

function expectMeaningful(answer: { data?: unknown; errors?: unknown[] }, where: string) {
  expect(answer.errors, `${where}: ${JSON.stringify(answer.errors)}`).toBeUndefined();
  expect(answer.data, where).toBeTruthy();
  expect(emptiness(answer.data, 'data'), `${where}: ${JSON.stringify(answer.data).slice(0, 500)}`).toEqual([]);
}

describe('README.md examples, run as written against the demo content', () => {
  let server: DemoServer;
  let token: string;
  const origin = () => new URL(server.url).origin;

  beforeAll(async () => {
    // TRUSTED_DOCUMENTS=allow: the persisted-operations example says to start the gateway so.
    server = await startDemoServer({ TRUSTED_DOCUMENTS: 'allow', RATE_LIMIT_PER_MINUTE: '0' });
    const created = await runTool('create-editor', ['--email', 'toan@baoyenbai.vn', '--name', 'Đức Toàn'], { DATA_DIR: server.dataDir });
    expect(created.stderr).toBe('');
    token = created.stdout.trim().split('\n').at(-1)!;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('has the examples this test is meant to run', () => {
    expect(graphqlBlocks.length).toBeGreaterThanOrEqual(5);
    expect(shellBlocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(graphqlBlocks.map((block) => [block.line, block] as const))('the graphql block at line %i', async (line, block) => {
    const document = parse(block.text);
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    if (operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === OperationTypeNode.SUBSCRIPTION) {
      await expectSubscriptionEvent(block.text);
      return;
    }
    const { status, body } = await postQuery(server.url, block.text);
    expect(status).toBe(200);
    expectMeaningful(body, `README line ${line}`);
  });

  it.each(shellBlocks.map((block) => [block.line, block] as const))('the sh block at line %i', async (line, block) => {
    const script = block.script.replaceAll('localhost:4000', origin().replace(/^http:\/\//, '')).replaceAll('ngw_…', token);
    const { stdout } = await exec('bash', ['-euo', 'pipefail', '-c', script], { cwd: projectRoot, timeout: EVENTUALLY_MS });
    const answers = stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((text) => JSON.parse(text) as { data?: unknown; errors?: unknown[] });
    expect(answers.length, `README line ${line}`).toBeGreaterThan(0);
    for (const answer of answers) expectMeaningful(answer, `README line ${line}`);
  });

  /** Subscribes over SSE, publishes an article the subscription asks for, and reads the event. */
  async function expectSubscriptionEvent(subscription: string) {
    const category = /category: "([^"]+)"/.exec(subscription)?.[1] ?? null;
    const controller = new AbortController();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: subscription }),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const firstEvent = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended without an event:\n${buffer}`);
        buffer += decoder.decode(value, { stream: true });
        const data = buffer.split('\n').find((line) => line.startsWith('data:') && line.length > 6);
        if (data) return JSON.parse(data.slice(5)) as { data?: unknown; errors?: unknown[] };
      }
    })();
    try {
      const auth = { authorization: `Bearer ${token}` };
      // Publish until the event arrives: the subscription may take a moment to be listening.
      let event: { data?: unknown; errors?: unknown[] } | undefined;
      for (let attempt = 0; !event; attempt++) {
        const created = await postQuery(
          server.url,
          'mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on MutationCreateArticleSuccess { data { id } } } }',
          { input: { title: `Tin thời sự mới số ${attempt + 1}`, category } },
          auth,
        );
        const id = created.body.data.createArticle.data.id;
        await postQuery(server.url, 'mutation($id: ID!) { publishArticle(id: $id) { __typename } }', { id }, auth);
        event = await Promise.race([firstEvent, new Promise<undefined>((resolve) => setTimeout(resolve, 2000))]);
        if (attempt > EVENTUALLY_MS / 2000) throw new Error('no event arrived');
      }
      expectMeaningful(event, 'the README subscription');
      expect(JSON.stringify(event.data)).toContain('"type":"PUBLISHED"');
    } finally {
      controller.abort();
      await reader.cancel().catch(() => {});
    }
  }
});
