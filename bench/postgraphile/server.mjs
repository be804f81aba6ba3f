/**
 * PostGraphile v5 (amber preset + connection-filter) over the gateway's tables, for
 * `npm run bench`. Runs under Node 22 from this folder's own `node` dependency:
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_10k PORT=4102 node_modules/.bin/node server.mjs
 *
 * PRINT_SCHEMA=file writes the generated schema there and exits.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { printSchema } from 'graphql';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { jsonPgSmartTags } from 'postgraphile/utils';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const port = Number(process.env.PORT ?? 4102);
const host = process.env.HOST ?? '127.0.0.1';

// Prisma makes `slug @unique` a unique index, not a constraint, and PostGraphile builds
// `…BySlug` lookups from constraints only: smart tags declare them, as a PostGraphile user
// would. Tags in the editor's order need `position` to be orderable (it has no index).
const SmartTags = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      Article: { tags: { unique: 'slug' } },
      Tag: { tags: { unique: 'slug' } },
      Author: { tags: { unique: 'slug' } },
      Category: { tags: { unique: 'slug' } },
      ArticleTag: { attribute: { position: { tags: { behavior: ['+orderBy'] } } } },
    },
  },
});

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  plugins: [SmartTags],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public', 'postgraphile_bench'],
      // Same pool size as node-postgres' default, which the gateway's Prisma adapter also uses.
      poolConfig: { max: 10 },
    }),
  ],
  schema: {
    connectionFilterRelations: true,
    connectionFilterComputedColumns: false,
    connectionFilterSetofFunctions: false,
  },
  grafserv: { port, host, graphqlPath: '/graphql', graphiql: false, watch: false, maxRequestLength: 100_000 },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
if (process.env.PRINT_SCHEMA) {
  writeFileSync(process.env.PRINT_SCHEMA, printSchema(await pgl.getSchema()));
  await pgl.release();
  process.exit(0);
}
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server).catch((error) => {
  console.error(error);
  process.exit(1);
});
await pgl.getSchema();
server.listen(port, host, () => console.log(`PostGraphile at http://${host}:${port}/graphql`));
const stop = () => server.close(() => pgl.release().then(() => process.exit(0)));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
