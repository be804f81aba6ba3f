/**
 * The gateway as a reader meets it: `src/main.ts` on loopback over a fresh embedded database
 * in a temporary DATA_DIR, which start-up migrates and fills with the demo content.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type ServerProcess } from './server-process.js';

export interface DemoServer extends ServerProcess {
  dataDir: string;
}

export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  const root = mkdtempSync(path.join(tmpdir(), 'gateway-demo-'));
  const dataDir = path.join(root, 'pglite');
  let server: ServerProcess;
  try {
    server = await startServer({ DATA_DIR: dataDir, ...env });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    ...server,
    dataDir,
    async stop() {
      try {
        return await server.stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
