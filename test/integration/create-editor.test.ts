import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken } from '../../src/domain/api-tokens.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { createTestGateway } from '../support/gateway.js';

const run = promisify(execFile);

describe('npm run create-editor', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(() => db?.drop());

  it('prints a token once, stores only its hash, and the token authenticates', async () => {
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'create-editor', '--', '--email', 'Toan@BaoYenBai.vn', '--name', 'Đức Toàn', '--role', 'admin'],
      {
        env: { ...process.env, DATABASE_URL: db.url! },
      },
    );
    const token = stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^ngw_[A-Za-z0-9_-]{43}$/);
    const stored = await db.prisma.editorToken.findMany({ include: { editor: true } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]!.editor).toMatchObject({ email: 'toan@baoyenbai.vn', name: 'Đức Toàn', role: 'ADMIN' });
    const { data } = await createTestGateway(db).query('{ me { name role } }', {}, token);
    expect(data.me).toEqual({ name: 'Đức Toàn', role: 'ADMIN' });
  });

  it('refuses bad arguments with usage help and writes nothing', async () => {
    const failure = await run('npm', ['run', '--silent', 'create-editor', '--', '--email', 'not-an-email', '--name', 'X'], {
      env: { ...process.env, DATABASE_URL: db.url! },
    }).catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(/--email must be an e-mail address/);
    expect(await db.prisma.editor.count()).toBe(1);
  });
});
