/**
 * The request log line (src/server/logging.ts): written asynchronously by default and still
 * there; with REQUEST_LOG_SAMPLE=0 successful requests go unlogged while every error is.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/server/logging.js';
import { newRequestScope, requestScope } from '../../src/server/request-scope.js';
import { createGateway } from '../../src/server/yoga.js';
import { describeEachBackend } from '../support/databases.js';
import { eventually } from '../support/timeouts.js';

const folder = mkdtempSync(path.join(tmpdir(), 'request-log-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describeEachBackend('request log lines', ({ db, backend }) => {
  function gatewayLogging(env: Record<string, string>, name: string) {
    const file = path.join(folder, `${backend}-${name}.log`);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', RESPONSE_CACHE: 'off', ...env });
    const gateway = createGateway({ config, db: db(), logger: createLogger(config, file) });
    const send = (query: string) =>
      requestScope.run(newRequestScope(undefined), () =>
        gateway.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        }),
      );
    const lines = () => {
      try {
        return readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line.includes('"msg":"request"'))
          .map((line) => JSON.parse(line) as { requestId: string; errorCodes?: string[] });
      } catch {
        return [];
      }
    };
    return { gateway, send, lines };
  }

  it('writes one line per request, asynchronously by default', async () => {
    const { gateway, send, lines } = gatewayLogging({}, 'async');
    const response = await send('{ categories { name } }');
    const requestId = response.headers.get('x-request-id');
    await eventually(() => expect(lines().map((line) => line.requestId)).toEqual([requestId]));
    await gateway.dispose();
  });

  it('samples successful requests but logs every error', async () => {
    const { gateway, send, lines } = gatewayLogging({ REQUEST_LOG_SAMPLE: '0', LOG_SYNC: 'true' }, 'sampled');
    for (let i = 0; i < 5; i++) await send('{ categories { name } }');
    const failed = await send('{ noSuchField }');
    // Synchronous: the lines are in the file once the responses are.
    expect(lines().map((line) => [line.requestId, line.errorCodes])).toEqual([
      [failed.headers.get('x-request-id'), ['GRAPHQL_VALIDATION_FAILED']],
    ]);
    await gateway.dispose();
  });
});
