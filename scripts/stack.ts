/**
 * `npm run stack`: the whole scale-out topology of docs/deployment.md on this machine, with
 * the demo content, until Ctrl-C:
 *
 *   Varnish (edge) → 2 gateway processes → PgBouncer → PostgreSQL primary
 *                                        → PostgreSQL streaming replica (readers)
 *                                        → Redis (shared cache, events, rate limits)
 *
 * Everything lives in .stack/ (made afresh, removed on exit) and listens on loopback. The
 * ports are fixed so that a newcomer can bookmark them; STACK_PORT_BASE moves them all
 * (default 4000: edge 4080, gateways 4001 and 4002, PgBouncer 4432, primary 4433, replica
 * 4434, Redis 4379); STACK_DIR moves the files.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import {
  makeWorkFolder,
  projectRoot,
  psql,
  startGateway,
  startPgBouncer,
  startPrimaryAndReplica,
  startRedis,
  startVarnish,
  type Engine,
} from './stack/engines.js';

const DATABASE = 'news';
const base = Number(process.env.STACK_PORT_BASE ?? 4000);
const ports = {
  edge: base + 80,
  gateways: [base + 1, base + 2],
  pgbouncer: base + 432,
  primary: base + 433,
  replica: base + 434,
  redis: base + 379,
};

async function assertFree(port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) =>
    server
      .once('error', () => reject(new Error(`port ${port} is in use: stop what holds it, or move the stack with STACK_PORT_BASE`)))
      .listen(port, '127.0.0.1', resolve),
  );
  await new Promise((resolve) => server.close(resolve));
}

function runSeed(databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts', '--demo'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run seed -- --demo exited with ${code}`))));
  });
}

/**
 * Transaction pooling needs the gateway's DATABASE_POOLER=pgbouncer (no named prepared
 * statements, which PgBouncer 1.18 cannot carry between transactions). A gateway whose
 * configuration does not know that setting yet runs behind session pooling instead.
 */
function poolerSupported(): boolean {
  try {
    return JSON.stringify(loadConfig({ DATABASE_URL: 'postgresql://x@127.0.0.1/x', DATABASE_POOLER: 'pgbouncer' })).includes('pgbouncer');
  } catch {
    return false;
  }
}

async function main() {
  const poolMode = poolerSupported() ? 'transaction' : 'session';
  if (poolMode === 'session') console.log('This gateway does not know DATABASE_POOLER yet: PgBouncer runs in session pooling mode.');
  for (const port of [ports.edge, ...ports.gateways, ports.pgbouncer, ports.primary, ports.replica, ports.redis]) await assertFree(port);
  // STACK_DIR: elsewhere than .stack/ (the stack's own test, beside a developer's running stack).
  const stackRoot = process.env.STACK_DIR ? path.resolve(process.env.STACK_DIR) : path.join(projectRoot, '.stack');
  rmSync(stackRoot, { recursive: true, force: true });
  const folder = makeWorkFolder('run-', stackRoot);
  const started: Engine[] = [];
  let stopping = false;

  async function stopAll(code: number) {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the stack…');
    // The edge first (no new requests), then the gateways (they drain), then what they use.
    for (const engine of started.reverse()) {
      await engine.stop().catch((error: unknown) => console.error(`${engine.name}: ${String(error)}`));
      console.log(`  stopped ${engine.name}`);
    }
    rmSync(stackRoot, { recursive: true, force: true });
    process.exit(code);
  }
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    console.log('Starting a PostgreSQL primary and its streaming replica (initdb, pg_basebackup -R)…');
    const { primary, replica } = await startPrimaryAndReplica({ folder, primaryPort: ports.primary, replicaPort: ports.replica });
    started.push(primary, replica);
    await psql(ports.primary, folder, `CREATE DATABASE ${DATABASE} ENCODING 'UTF8' TEMPLATE template0`);
    const primaryUrl = `postgresql://postgres@127.0.0.1:${ports.primary}/${DATABASE}`;
    const replicaUrl = `postgresql://postgres@127.0.0.1:${ports.replica}/${DATABASE}`;

    console.log('Migrating and seeding the demo content on the primary…');
    await runSeed(primaryUrl);
    // What the gateway asks for at connection start-up, which PgBouncer does not pass on
    // (after the seed: the tools run without a statement timeout).
    await psql(ports.primary, folder, `ALTER DATABASE ${DATABASE} SET statement_timeout = '5s'`);
    await psql(ports.primary, folder, `ALTER DATABASE ${DATABASE} SET jit = off`);

    const pgbouncer = await startPgBouncer({
      folder,
      port: ports.pgbouncer,
      databases: { [DATABASE]: primaryUrl },
      poolMode,
      // What a gateway without DATABASE_POOLER=pgbouncer sends (session pooling carries the rest).
      ignoreStartupParameters: ['extra_float_digits', 'options', 'statement_timeout'],
    });
    started.push(pgbouncer);
    const redis = await startRedis({ port: ports.redis });
    started.push(redis);

    const env = {
      DATABASE_URL: pgbouncer.url,
      DATABASE_POOLER: 'pgbouncer',
      // Migrations at start-up on the primary itself: PgBouncer's transaction pooling does not keep the engine's advisory lock.
      DATABASE_DIRECT_URL: primaryUrl,
      DATABASE_REPLICA_URLS: replicaUrl,
      REDIS_URL: redis.url,
      EDGE_PURGE_URLS: `http://127.0.0.1:${ports.edge}/`,
      // The edge keeps copies until purged; browsers revalidate after 30 s.
      HTTP_CACHE_S_MAXAGE_SECONDS: '300',
      // Behind Varnish, the reader is the address it appends to X-Forwarded-For.
      TRUSTED_PROXY_HOPS: '1',
    };
    for (const [index, port] of ports.gateways.entries()) {
      console.log(`Starting gateway process ${index + 1}…`);
      started.push(await startGateway(`gateway ${index + 1}`, { ...env, PORT: String(port) }));
    }
    const varnish = await startVarnish({ gatewayPorts: ports.gateways, port: ports.edge, under: folder });
    started.push(varnish);

    const where = path.relative(projectRoot, folder).startsWith('..') ? folder : path.relative(projectRoot, folder);
    console.log(`
The stack is up (files in ${where}; Ctrl-C stops everything and removes them):

  Edge (Varnish, readers come here)  ${varnish.url}/graphql
  Gateway process 1                  http://127.0.0.1:${ports.gateways[0]}/graphql
  Gateway process 2                  http://127.0.0.1:${ports.gateways[1]}/graphql
  ${pgbouncer.name.padEnd(35)}${pgbouncer.url}
  PostgreSQL primary                 ${primaryUrl}
  PostgreSQL replica (streaming)     ${replicaUrl}
  Redis                              ${redis.url}

Try:  curl -si '${varnish.url}/graphql?query=%7Barticles(first:3)%7Bedges%7Bnode%7Btitle%7D%7D%7D%7D' | grep -i cache-status
      (twice: the second answer says "news-edge; hit")
Editors: npm run create-editor with DATABASE_URL=${primaryUrl}, then mutations with
         Authorization: Bearer <token> through the edge (never cached) or a gateway.`);
  } catch (error) {
    console.error(`The stack did not start: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

void main();
