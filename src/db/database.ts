/**
 * One PrismaClient, over either a PostgreSQL server (pg) or the embedded PGlite.
 * Both speak PostgreSQL, so the schema, the migrations and every query are the same.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';

export type Prisma = ReturnType<typeof createPrismaClient>;

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: Prisma;
  /** The same connection as a driver-adapter factory, for the schema engine (migrations). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Called with every SQL statement the client sends; returns an unsubscribe function. */
  onStatement(listener: (sql: string) => void): () => void;
  close(): Promise<void>;
}

export type DatabaseLocation = { url: string } | { dataDir: string | null };

function createPrismaClient(adapter: SqlMigrationAwareDriverAdapterFactory) {
  return new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
}

/**
 * Opens a database. `{ url }` is a PostgreSQL server; `{ dataDir }` is PGlite in that folder,
 * or in memory when `dataDir` is null (tests).
 */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  let adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  let closeDriver: () => Promise<void>;
  let kind: Database['kind'];

  if ('url' in location) {
    kind = 'postgres';
    adapterFactory = new PrismaPg({ connectionString: location.url });
    closeDriver = async () => {};
  } else {
    kind = 'pglite';
    if (location.dataDir) mkdirSync(location.dataDir, { recursive: true });
    const pglite = await PGlite.create(location.dataDir ?? undefined);
    adapterFactory = new PrismaPGlite(pglite);
    closeDriver = () => pglite.close();
  }

  const prisma = createPrismaClient(adapterFactory);
  const listeners = new Set<(sql: string) => void>();
  prisma.$on('query', (event) => {
    for (const listener of listeners) listener(event.query);
  });

  return {
    kind,
    prisma,
    adapterFactory,
    onStatement(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}
