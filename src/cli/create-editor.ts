/**
 * Creates an editor (or adds a token to an existing one) and prints the API token once:
 *
 *   npm run create-editor -- --email toan@baoyenbai.vn --name "Đức Toàn" [--role admin] [--expires-in-days 90]
 *
 * Only the token's SHA-256 is stored; lose the token and create another.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { generateApiToken, hashApiToken } from '../domain/api-tokens.js';
import { normalizeText } from '../domain/vietnamese.js';
import { openMigratedDatabase, parseCount, runCommand, UsageError } from './command.js';

const USAGE = `Usage: npm run create-editor -- --email EMAIL --name NAME [--role editor|admin] [--label TEXT] [--expires-in-days N]`;

runCommand(USAGE, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'editor' },
      label: { type: 'string' },
      'expires-in-days': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const email = values.email?.trim().toLowerCase();
  const name = values.name ? normalizeText(values.name.trim()) : '';
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsageError('--email must be an e-mail address');
  if (!name) throw new UsageError('--name must not be empty');
  const role = values.role.toUpperCase();
  if (role !== 'EDITOR' && role !== 'ADMIN') throw new UsageError('--role must be editor or admin');
  const days = values['expires-in-days'] === undefined ? null : parseCount('--expires-in-days', values['expires-in-days'], 0);

  const db = await openMigratedDatabase(loadConfig(), 'npm run create-editor');
  try {
    const editor = await db.prisma.editor.upsert({ where: { email }, create: { email, name, role }, update: { name, role } });
    const token = generateApiToken();
    await db.prisma.editorToken.create({
      data: {
        editorId: editor.id,
        tokenHash: hashApiToken(token),
        label: values.label ?? null,
        expiresAt: days === null ? null : new Date(Date.now() + days * 86_400_000),
      },
    });
    console.log(`Editor ${editor.name} <${editor.email}> (${editor.role.toLowerCase()}).`);
    console.log('API token (shown once; send it as "Authorization: Bearer <token>"):');
    console.log(token);
  } finally {
    await db.close();
  }
});
