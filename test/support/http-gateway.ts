/**
 * The gateway in this process behind its real node:http server (src/server/http.ts) on a
 * loopback port the OS picks: real HTTP, streamed responses included, over a test database of
 * either backend, without a child process to start.
 */
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createArticleEventBus } from '../../src/events/article-events.js';
import { bindServer } from '../../src/server/http.js';
import { createLogger } from '../../src/server/logging.js';
import { createGateway } from '../../src/server/yoga.js';

export interface HttpGateway {
  /** The GraphQL endpoint: http://127.0.0.1:<port>/graphql */
  url: string;
  config: Config;
  close(): Promise<void>;
}

export async function serveGateway(db: Database, env: Record<string, string> = {}): Promise<HttpGateway> {
  const bounds = loadConfig({ NODE_ENV: 'test', ...env });
  const server = await bindServer({ port: 0, host: '127.0.0.1', maxBodyBytes: bounds.limits.maxBodyBytes, ...bounds.http });
  // Picture URLs (renditions, srcset) point at this server unless `env` says otherwise.
  const config = loadConfig({ NODE_ENV: 'test', MEDIA_PUBLIC_URL: new URL(server.url).origin, ...env });
  const events = createArticleEventBus();
  const gateway = createGateway({ config, db, events, logger: createLogger(config) });
  server.serve(gateway);
  return {
    url: server.url,
    config,
    async close() {
      await server.close(5_000);
      await gateway.publications.stop();
      await gateway.dispose();
      await events.close();
    },
  };
}
