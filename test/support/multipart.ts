/**
 * Reading an incremental-delivery answer as a client without a GraphQL library does: the
 * `multipart/mixed` body read from the stream part by part, each part's JSON parsed as soon as
 * its closing boundary has arrived. A plain JSON answer is one part.
 */

export interface IncrementalPart {
  data?: any;
  errors?: { message: string; extensions?: Record<string, any> }[];
  incremental?: { data?: any; items?: any[]; path: (string | number)[]; label?: string; errors?: unknown[] }[];
  hasNext?: boolean;
  extensions?: Record<string, unknown>;
}

export async function* readParts(response: Response): AsyncGenerator<IncrementalPart> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/mixed')) {
    yield (await response.json()) as IncrementalPart;
    return;
  }
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1] ?? '-';
  const delimiter = `--${boundary}`;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    // Everything before the last delimiter is whole parts (the first piece is the preamble).
    const pieces = buffer.split(`\r\n${delimiter}`);
    buffer = pieces.pop()!;
    for (const piece of pieces) {
      const body = piece.slice(piece.indexOf('\r\n\r\n') + 4).trim();
      if (body.startsWith('{')) yield JSON.parse(body) as IncrementalPart;
    }
    if (buffer.startsWith('--')) return; // the closing delimiter "--<boundary>--"
  }
}

/** Every part, in order. */
export async function allParts(response: Response): Promise<IncrementalPart[]> {
  const parts: IncrementalPart[] = [];
  for await (const part of readParts(response)) parts.push(part);
  return parts;
}
