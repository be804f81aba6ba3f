/**
 * The node:http server around the gateway: bounds on slow clients, a request scope for each
 * request, a body size limit before anything is read, and a shutdown that loses no request.
 *
 * The port is bound first, before the database is opened or migrated (src/main.ts), so that a
 * port in use fails start-up at once; until the gateway is handed over, requests get 503.
 *
 * Shutdown (`close`): the listening socket closes (new connections are refused, so a client or
 * balancer goes elsewhere); every response from then on carries `Connection: close`, so a
 * keep-alive client learns it must reconnect from the response itself, between two requests;
 * a connection is never cut while it may be carrying a request. Idle keep-alive connections
 * close when their keep-alive timeout runs out, exactly as at any other time: closing one
 * earlier would race a client that is just sending its next request on it (the request would
 * be lost with ECONNRESET), and clients know that timeout from the `Keep-Alive: timeout=`
 * header, so they do not reuse a connection at its end. Whatever is still open at the
 * shutdown bound is cut.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { ErrorCode, errorCatalogue, refusalBody } from '../errors/catalogue.js';
import { newRequestScope, requestScope } from './request-scope.js';
import type { Gateway } from './yoga.js';

export interface HttpOptions {
  port: number;
  host: string;
  maxBodyBytes: number;
  /** The whole request must have arrived within this (408 otherwise). */
  requestTimeoutMs: number;
  /** The request's headers must have arrived within this. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection closes after this. */
  keepAliveTimeoutMs: number;
}

export interface BoundServer {
  server: Server;
  url: string;
  /** Hands requests to the gateway; until then they get 503 (and /healthz 200). */
  serve(gateway: Gateway): void;
  /**
   * Stops accepting connections and drains the open ones (see the module comment); resolves
   * when none is left, cutting those still open after `timeoutMs`.
   */
  close(timeoutMs: number): Promise<void>;
}

/** Why the gateway could not listen, in one line that says what to do. */
export class ListenError extends Error {
  override name = 'ListenError';
}

function refuse(res: ServerResponse, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
  res.writeHead(errorCatalogue[code].status ?? 400, { 'content-type': 'application/json; charset=utf-8', connection: 'close', ...headers });
  res.end(refusalBody(code, message));
}

/** A probe's answer, in the shape of src/server/health.ts's. */
function probeAnswer(res: ServerResponse, status: number, body: object) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new ListenError(`Port ${port} on ${host} is already in use by another process: stop it, or set PORT to a free port.`);
    case 'EACCES':
      return new ListenError(`Not allowed to listen on port ${port} (ports below 1024 need privileges): set PORT to 1024 or above.`);
    case 'EADDRNOTAVAIL':
      return new ListenError(
        `HOST "${host}" is not an address of this machine: use 127.0.0.1, 0.0.0.0 (every interface) or one of its own addresses.`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new ListenError(
        `HOST "${host}" is not a known host name (${error.code}): use 127.0.0.1, 0.0.0.0 (every interface) or one of this machine's addresses.`,
      );
    default:
      return error;
  }
}

export async function bindServer(options: HttpOptions): Promise<BoundServer> {
  const { port, host, maxBodyBytes } = options;
  let gateway: Gateway | null = null;
  let draining = false;
  const connections = new Set<Socket>();
  const unanswered = new Set<ServerResponse>();
  let onQuiet: (() => void) | null = null;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url?.split('?')[0];
    // A draining replica is not ready: balancers that still send it traffic stop doing so.
    if (draining && path === '/readyz') return probeAnswer(res, 503, { status: 'shutting down' });
    if (!gateway) {
      // Alive, not ready: the database is being opened and migrated.
      if (path === '/healthz') return probeAnswer(res, 200, { status: 'ok' });
      if (path === '/readyz') return probeAnswer(res, 503, { status: 'starting' });
      return refuse(res, ErrorCode.DATABASE_UNAVAILABLE, 'The gateway is starting (opening its database); retry shortly', {
        'retry-after': '1',
      });
    }
    // Refused before a byte of the body is read: a huge upload costs us nothing.
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > maxBodyBytes) {
      return refuse(res, ErrorCode.REQUEST_TOO_LARGE, `The request body is ${length} bytes; the limit is ${maxBodyBytes}`);
    }
    if (req.method === 'POST' && req.headers['content-length'] === undefined) {
      return refuse(res, ErrorCode.LENGTH_REQUIRED, 'A POST body needs a Content-Length header');
    }
    if (draining) res.setHeader('connection', 'close');
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
    const serving = gateway;
    requestScope.run(newRequestScope(req.headers['x-request-id']), () => {
      void serving(req, res);
    });
  };

  const server = createServer(
    {
      requestTimeout: options.requestTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      // How often node:http looks for requests past their timeouts (30 s by default, which
      // would let a slow client hold its connection up to 30 s past the bound).
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
    },
    handle,
  );
  server.on('connection', (socket) => {
    connections.add(socket);
    socket.once('close', () => {
      connections.delete(socket);
      if (connections.size === 0) onQuiet?.();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenFailure(error as NodeJS.ErrnoException, host, port)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    server,
    url: `http://${shownHost}:${address.port}/graphql`,
    serve(ready) {
      gateway = ready;
    },
    async close(timeoutMs) {
      draining = true;
      // The listening socket only: http.Server#close would also close idle keep-alive
      // connections at once, racing the clients about to send on them (module comment).
      const stoppedListening = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      // Responses already in progress but not yet started tell their client to reconnect too.
      for (const res of unanswered) if (!res.headersSent) res.setHeader('connection', 'close');
      if (connections.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (onQuiet = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
        ]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await stoppedListening;
    },
  };
}
