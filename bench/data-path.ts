/**
 * How much of an uncached list page is Prisma, and what reading it without Prisma would save
 * (issue #15, "What would close the gaps"). The front page (20 cards) is read four ways, in
 * process, one call at a time, the ways taking turns in rounds:
 *
 * 1. the whole request: HomePage through the gateway's fetch handler (yoga, the executor,
 *    Pothos, Prisma, pg and every plugin), as bench/inprocess.ts measures it;
 * 2. Prisma alone: `article.findMany` with exactly the arguments the gateway's resolver passed
 *    (captured from the request above), so Prisma's query building, its interpreter and its
 *    mapping of the joined JSON into objects, and pg;
 * 3. pg alone, the statement Prisma sent with its parameters: the database's round trip and
 *    pg's parsing of the rows (the JSON columns included);
 * 4. pg alone, the same statement wrapped to return the page as one JSON value.
 *
 * (1) − (2) is the rest of the stack; (2) − (3) is Prisma's own share, the most a data path
 * bypassing it (4) could take off a request.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_10k npx tsx bench/data-path.ts [--calls 500] [--rounds 5] [--warmup 2000]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { createArticleEventBus } from '../src/events/article-events.js';
import { createLogger } from '../src/server/logging.js';
import { createGateway } from '../src/server/yoga.js';
import { sendInProcess, type Fetch } from './layers.js';
import { median } from './results.js';
import { gatewayDocuments } from './workload.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2000' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a seeded PostgreSQL database');

const config = loadConfig({ ...process.env, DATABASE_URL: url, NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0', RESPONSE_CACHE: 'off' });
const logger = createLogger(config, '/dev/null');
const db = await openDatabase({ url, options: process.env.PGOPTIONS });

// What the gateway's resolver hands Prisma for the front page, and the statement Prisma sends.
let capturedArgs: unknown = null;
const capturing = db.prisma.$extends({
  query: {
    article: {
      findMany({ args, query }) {
        capturedArgs = args;
        return query(args);
      },
    },
  },
});
let statement: { sql: string; params: unknown[] } | null = null;
db.prisma.$on('query', (event) => {
  if (/FROM "public"\."Article"/.test(event.query)) statement = { sql: event.query, params: JSON.parse(event.params) };
});

const body = JSON.stringify({ query: gatewayDocuments.home, variables: {} });
async function request(fetch: Fetch) {
  const { data } = (await sendInProcess(fetch, body)) as { data?: { articles: { edges: unknown[] } } };
  if (data?.articles.edges.length !== 20) throw new Error(`HomePage: ${JSON.stringify(data).slice(0, 300)}`);
}

const events = createArticleEventBus();
await request(createGateway({ config, db: { ...db, prisma: capturing } as unknown as Database, events, logger }).fetch);
if (!capturedArgs || !statement) throw new Error('the front page sent no article.findMany');
const { sql, params } = statement as { sql: string; params: unknown[] };

const gateway = createGateway({ config, db, events, logger });
const pool = new pg.Pool({ connectionString: url, max: 1 });
const asJson = `SELECT json_agg(page) AS page FROM (${sql}) AS page`;
const ways: { name: string; call: () => Promise<unknown> }[] = [
  { name: '1. whole request (gateway)', call: () => request(gateway.fetch) },
  { name: '2. Prisma findMany, same arguments', call: () => db.prisma.article.findMany(capturedArgs as never) },
  { name: "3. pg, Prisma's statement, rows", call: () => pool.query({ name: 'rows', text: sql, values: params }) },
  { name: '4. pg, the page as one JSON value', call: () => pool.query({ name: 'json', text: asJson, values: params }) },
];

const calls = Number(values.calls);
for (const way of ways) for (let n = 0; n < Number(values.warmup); n++) await way.call();
const cpu = new Map<string, number[]>(ways.map((way) => [way.name, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (let k = 0; k < ways.length; k++) {
    const way = ways[(k + round) % ways.length]!;
    const before = process.cpuUsage();
    for (let n = 0; n < calls; n++) await way.call();
    const used = process.cpuUsage(before);
    cpu.get(way.name)!.push((used.user + used.system) / 1000 / calls);
  }
}

console.log(
  `${new URL(url).pathname.slice(1)}: the front page (20 cards), ${values.rounds} rounds of ${calls} calls each, CPU of this process`,
);
const ms = (name: string) => median(cpu.get(name)!);
for (const way of ways) {
  const rounds = cpu
    .get(way.name)!
    .map((v) => v.toFixed(2))
    .join(' ');
  console.log(`${way.name.padEnd(40)} ${ms(way.name).toFixed(2).padStart(5)} ms/call   (rounds: ${rounds})`);
}
const [whole, prisma, rows, json] = ways.map((way) => ms(way.name)) as [number, number, number, number];
console.log(
  `Prisma's own share (2 − 3): ${(prisma - rows).toFixed(2)} ms, ${((100 * (prisma - rows)) / whole).toFixed(0)} % of the request; ` +
    `the rest of the stack (1 − 2): ${(whole - prisma).toFixed(2)} ms; ` +
    `a request with the page read as one JSON value instead of (2): ${(whole - prisma + json).toFixed(2)} ms`,
);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await pool.end();
await db.close();
process.exit(0);
