/**
 * The example's only way to the content: the gateway's public GraphQL API, by persisted query.
 * Each operation is sent as its SHA-256 from persisted-operations.json (the trusted documents
 * made from examples/operations by `npm run persisted-manifest`), never as text, over GET so
 * that the gateway's HTTP caching and a CDN in front of it apply. The gateway may run with
 * TRUSTED_DOCUMENTS=require.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';

export class GatewayError extends Error {}

/** Operation name → hash, from the manifest (hash → document). */
function hashesByOperation(manifestPath: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
  const hashes = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest)) {
    for (const definition of parse(document).definitions) {
      if (definition.kind === 'OperationDefinition' && definition.name) hashes.set(definition.name.value, hash);
    }
  }
  return hashes;
}

export type PersistedQuery = <TData>(operationName: string, variables: Record<string, unknown>) => Promise<TData>;

/** `timeoutMs`: a request to the gateway that takes longer fails the page (502) instead of hanging it. */
export function persistedQueries(graphqlUrl: string, manifestPath: string, timeoutMs: number): PersistedQuery {
  const hashes = hashesByOperation(manifestPath);
  return async <TData>(operationName: string, variables: Record<string, unknown>) => {
    const sha256Hash = hashes.get(operationName);
    if (!sha256Hash) throw new GatewayError(`${operationName} is not in ${manifestPath}: run npm run persisted-manifest`);
    const url = new URL(graphqlUrl);
    url.searchParams.set('operationName', operationName);
    url.searchParams.set('variables', JSON.stringify(variables));
    url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash } }));
    let response: Response;
    try {
      response = await fetch(url, {
        // CSRF prevention (production) asks GET requests for this header.
        headers: { accept: 'application/graphql-response+json', 'x-graphql-csrf': '1' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new GatewayError(`${operationName}: the gateway did not answer (${(error as Error).message})`);
    }
    const body = (await response.json().catch(() => null)) as { data?: TData; errors?: { message: string }[] } | null;
    if (!body?.data || body.errors?.length) {
      throw new GatewayError(`${operationName}: ${response.status} ${body?.errors?.map((error) => error.message).join('; ') ?? ''}`);
    }
    return body.data;
  };
}
