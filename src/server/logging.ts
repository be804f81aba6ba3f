/**
 * Structured JSON logs (pino): one line per request with its id, operation, status,
 * duration and SQL statement count. Never headers, tokens, variables or client addresses.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';
import { requestScope } from './request-scope.js';

/**
 * To stdout (or `dest`, a file descriptor or path), asynchronously unless LOG_SYNC: a line is
 * handed to the kernel without waiting, and lines made while a write is in flight go out
 * together in the next one (no minimum length: a quiet server's lines are not held back).
 * pino flushes what is left when the process exits (process.exit included).
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logSync'>, dest: number | string = 1): Logger {
  const destination = pino.destination({ dest, sync: config.logSync });
  return pino({ level: config.logLevel, base: { service: 'news-gateway' } }, destination);
}

/** The path of a request's URL without parsing all of it (a URL object per request adds up). */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.indexOf('?', start);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}

/** yoga's logger interface, backed by pino. */
export function yogaLogger(logger: Logger) {
  return {
    debug: (...args: unknown[]) => logger.debug(args.length === 1 ? args[0] : args),
    info: (...args: unknown[]) => logger.info(args.length === 1 ? args[0] : args),
    warn: (...args: unknown[]) => logger.warn(args.length === 1 ? args[0] : args),
    error: (...args: unknown[]) => logger.error(args.length === 1 ? args[0] : args),
  };
}

/**
 * `sample`: the share of successful requests logged (REQUEST_LOG_SAMPLE); a response with
 * errors or a status of 400 and above is always logged.
 */
export function requestLoggingPlugin(logger: Logger, sample = 1): Plugin {
  return {
    onParams({ params }) {
      const scope = requestScope.getStore();
      if (scope && params.operationName) scope.operationName = params.operationName;
    },
    // Every error carries the request id, so a client's report leads to the log line. The
    // errors stay GraphQLErrors (copies: yoga caches parse and validation errors): yoga picks
    // the HTTP status from them (200 for an application/json client's invalid document, as the
    // GraphQL-over-HTTP spec asks) and strips its internal `http` extension only from those.
    onResultProcess({ result, setResult }) {
      const scope = requestScope.getStore();
      if (!scope || Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      scope.errorCodes = result.errors.map((error) => String((error as { extensions?: { code?: unknown } }).extensions?.code ?? 'NONE'));
      setResult({
        ...result,
        errors: result.errors.map((error) =>
          error instanceof GraphQLError
            ? new GraphQLError(error.message, {
                nodes: error.nodes,
                source: error.source,
                positions: error.positions,
                path: error.path,
                originalError: error.originalError,
                extensions: { ...error.extensions, requestId: scope.requestId },
              })
            : error,
        ),
      });
    },
    onResponse({ request, response }) {
      const scope = requestScope.getStore();
      if (!scope) return;
      response.headers.set('x-request-id', scope.requestId);
      if (sample < 1 && !scope.errorCodes && response.status < 400 && Math.random() >= sample) return;
      if (!logger.isLevelEnabled('info')) return;
      logger.info(
        {
          requestId: scope.requestId,
          method: request.method,
          path: pathOf(request.url),
          operationName: scope.operationName,
          status: response.status,
          durationMs: Math.round((performance.now() - scope.startedAt) * 10) / 10,
          sqlStatements: scope.statements,
          // A client's mistakes are told here, at info level and without a stack; a fault
          // (INTERNAL_SERVER_ERROR) is also logged at error level by yoga, with its cause.
          ...(scope.errorCodes ? { errorCodes: scope.errorCodes } : {}),
        },
        'request',
      );
    },
  };
}
