/**
 * Prometheus metrics at /metrics: graphql-yoga's own (request counts and durations per
 * operation, errors, phases) plus what only this gateway knows: SQL statements per request
 * and response-cache hits and misses, and the read replicas' state, lag and statements.
 */
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Histogram, register } from 'prom-client';
import type { ReadReplicas } from '../db/replicas.js';
import { pathOf } from './logging.js';
import { requestScope } from './request-scope.js';

/** One registry per process; gateways created in one process (tests) share the metrics. */
function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const sqlStatementsPerRequest = metric(
  'gateway_sql_statements_per_request',
  () =>
    new Histogram({
      name: 'gateway_sql_statements_per_request',
      help: 'SQL statements sent to the database while handling one HTTP request',
      buckets: [0, 1, 2, 3, 4, 6, 8, 12, 20, 50],
    }),
);

export const responseCacheResults = metric(
  'gateway_response_cache_total',
  () => new Counter({ name: 'gateway_response_cache_total', help: 'Response cache lookups, by result', labelNames: ['result'] as const }),
);

/** The replicas the gauges below describe (one gateway per process, except in tests). */
let reported: ReadReplicas | null = null;

metric(
  'gateway_replica_serving',
  () =>
    new Gauge({
      name: 'gateway_replica_serving',
      help: 'Read replica serving readers (1) or skipped (0: down, too far behind, or behind the newest publication event)',
      labelNames: ['replica'] as const,
      collect() {
        this.reset();
        for (const state of reported?.states() ?? []) this.set({ replica: state.name }, state.serving ? 1 : 0);
      },
    }),
);

metric(
  'gateway_replica_lag_seconds',
  () =>
    new Gauge({
      name: 'gateway_replica_lag_seconds',
      help: 'How long ago the primary was at a WAL position the replica had not replayed, at the last check (absent while it is down)',
      labelNames: ['replica'] as const,
      collect() {
        this.reset();
        for (const state of reported?.states() ?? []) if (state.lagMs !== null) this.set({ replica: state.name }, state.lagMs / 1000);
      },
    }),
);

metric(
  'gateway_reader_statements_total',
  () =>
    new Counter({
      name: 'gateway_reader_statements_total',
      help: "Readers' SQL statements, by the server that ran them (primary, or a replica)",
      labelNames: ['server'] as const,
      collect() {
        this.reset();
        for (const [server, count] of reported?.statementCounts() ?? []) this.inc({ server }, count);
      },
    }),
);

export function metricsPlugins(replicas: ReadReplicas | null = null): Plugin[] {
  if (replicas) reported = replicas;
  return [
    usePrometheus({
      endpoint: '/metrics',
      registry: register,
      metrics: {
        graphql_envelop_request: true,
        graphql_envelop_request_duration: true,
        graphql_envelop_error_result: true,
        graphql_envelop_phase_parse: true,
        graphql_envelop_phase_validate: true,
        graphql_envelop_phase_execute: true,
        graphql_yoga_http_duration: true,
        // On by default, off here: the first walks every document with a TypeInfo on every
        // request (the schema deprecates nothing), the second repeats the duration histogram as
        // a summary whose quantiles cost more to keep. Together ~10 % of a cache hit's CPU.
        graphql_envelop_deprecated_field: false,
        graphql_envelop_request_time_summary: false,
      },
    }) as Plugin,
    {
      onResponse({ request }) {
        const scope = requestScope.getStore();
        if (scope && pathOf(request.url) === '/graphql') sqlStatementsPerRequest.observe(scope.statements);
      },
    },
  ];
}
