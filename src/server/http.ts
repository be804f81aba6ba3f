/**
 * The node:http server around the gateway: a request scope for each request, a body size
 * limit before anything is read, and a graceful close that lets in-flight requests finish.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, errorCatalogue, refusalBody } from '../errors/catalogue.js';
import { newRequestScope, requestScope } from './request-scope.js';
import type { Gateway } from './yoga.js';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting, waits up to `timeoutMs` for in-flight requests, then cuts the rest. */
  close(timeoutMs?: number): Promise<void>;
}

export interface ListenOptions {
  port: number;
  host: string;
  maxBodyBytes: number;
}

function refuse(res: ServerResponse, code: ErrorCode, message: string) {
  res.writeHead(errorCatalogue[code].status ?? 400, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(refusalBody(code, message));
}

export async function listen(gateway: Gateway, { port, host, maxBodyBytes }: ListenOptions): Promise<RunningServer> {
  let inFlight = 0;
  let idle: (() => void) | null = null;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // Refused before a byte of the body is read: a huge upload costs us nothing.
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > maxBodyBytes) {
      return refuse(res, ErrorCode.REQUEST_TOO_LARGE, `The request body is ${length} bytes; the limit is ${maxBodyBytes}`);
    }
    if (req.method === 'POST' && req.headers['content-length'] === undefined) {
      return refuse(res, ErrorCode.LENGTH_REQUIRED, 'A POST body needs a Content-Length header');
    }
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
    requestScope.run(newRequestScope(req.headers['x-request-id']), () => {
      void gateway(req, res);
    });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}/graphql`,
    async close(timeoutMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const drained = new Promise<void>((resolve) => (idle = resolve));
        const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
        await Promise.race([drained, deadline]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
