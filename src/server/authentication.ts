/**
 * Who is asking: a reader (no Authorization header) or an editor (a valid bearer token).
 * A token that is malformed, unknown, revoked or expired fails the whole request with 401
 * and UNAUTHENTICATED: a client that meant to write must not silently read as anonymous.
 */
import type { DatabaseClient } from '../db/database.js';
import { bearerToken, hashApiToken, looksLikeApiToken } from '../domain/api-tokens.js';
import { unauthenticated } from '../errors/catalogue.js';
import type { EditorIdentity } from '../schema/context.js';

export async function authenticate(prisma: DatabaseClient, authorization: string | null, now: Date): Promise<EditorIdentity | null> {
  const token = bearerToken(authorization);
  if (token === null) return null;
  if (token === 'malformed' || !looksLikeApiToken(token)) {
    throw unauthenticated('The Authorization header must be "Bearer <token>" with a token issued by npm run create-editor');
  }
  const record = await prisma.editorToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { revokedAt: true, expiresAt: true, editor: { select: { id: true, name: true, role: true } } },
  });
  if (!record || record.revokedAt) throw unauthenticated('Unknown or revoked token');
  if (record.expiresAt && record.expiresAt <= now) throw unauthenticated('The token has expired');
  return record.editor;
}
