import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/cli/failures.js';

const server = { databaseUrl: 'postgresql://editor@db.example:5433/news' };

describe('a failed command in one line', () => {
  it("keeps the sentence of Prisma's error and drops its invocation header and code frame", () => {
    const prisma = Object.assign(
      new Error(
        'Invalid `tx.article.createManyAndReturn()` invocation in\n/src/content/write-articles.ts:79:36\n\n  78 \n→ 79 const created = await tx.article.createManyAndReturn(\nDatabase error. Code: `57014`. Message: `canceling statement due to statement timeout`',
      ),
      { code: 'P2039' },
    );
    expect(describeFailure(prisma, server)).toBe(
      "canceling statement due to statement timeout (SQLSTATE 57014): the database server's own statement_timeout (set on the role or the database) cancelled a statement; the tools set none, so lift it for them: ALTER ROLE … SET statement_timeout = 0.",
    );
  });

  it('names the command that creates a missing database or role, on the configured server', () => {
    expect(describeFailure(new Error('Database `news` does not exist\n\n'), server)).toBe(
      'Database `news` does not exist: create it: createdb -h db.example -p 5433 -U postgres news.',
    );
    expect(describeFailure(new Error('User was denied access on the database `(not available)`'), server)).toBe(
      'User was denied access on the database `(not available)`: the role "editor" does not exist or may not connect: createuser -h db.example -p 5433 -U postgres editor, or use another user in DATABASE_URL.',
    );
    expect(describeFailure(Object.assign(new Error('role "editor" does not exist'), { code: '28000' }), server)).toMatch(
      /\(SQLSTATE 28000\): the role "editor" does not exist or may not connect: createuser/,
    );
  });

  it('says where to look when the server cannot be reached or refuses the password', () => {
    expect(describeFailure(new Error("Can't reach database server at `db.example:5433`\n\nPlease make sure…"), server)).toBe(
      "Can't reach database server at `db.example:5433`: is PostgreSQL running there? Check DATABASE_URL, or unset it to use the embedded database.",
    );
    expect(describeFailure(Object.assign(new Error('password authentication failed for user "editor"'), { code: '28P01' }), server)).toBe(
      'password authentication failed for user "editor" (SQLSTATE 28P01): check the user name and password in DATABASE_URL.',
    );
  });

  it('gives the first line of anything else, without a stack', () => {
    const error = new Error('ENOSPC: no space left on device, write\n    at something (file.ts:1:1)');
    expect(describeFailure(error, { databaseUrl: null })).toBe('ENOSPC: no space left on device, write.');
  });
});
