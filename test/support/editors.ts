import type { DatabaseClient } from '../../src/db/database.js';
import { generateApiToken, hashApiToken } from '../../src/domain/api-tokens.js';

/** Creates an editor with a fresh API token, as `npm run create-editor` does. */
export async function createEditorToken(
  prisma: DatabaseClient,
  {
    role = 'EDITOR',
    email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2)}@baoyenbai.vn`,
    expiresAt = null as Date | null,
    revoked = false,
  } = {},
): Promise<string> {
  const editor = await prisma.editor.create({ data: { email, name: 'Biên tập viên', role: role as 'EDITOR' | 'ADMIN' } });
  const token = generateApiToken();
  await prisma.editorToken.create({
    data: { editorId: editor.id, tokenHash: hashApiToken(token), expiresAt, revokedAt: revoked ? new Date() : null },
  });
  return token;
}
