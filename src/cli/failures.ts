/**
 * A failed command says in one line what went wrong and what to do about it; the stack and
 * Prisma's code frames are for `--verbose` (or `DEBUG`). The errors come from three places
 * with three shapes: the schema engine (migrations run first: "Can't reach database server
 * at …"), Prisma Client ("Invalid `…` invocation … Database error. Code: `57014`. Message:
 * `…`") and node-postgres (`code` is the SQLSTATE).
 */

export interface FailureContext {
  /** DATABASE_URL, to name the server, user and database in the advice; null for the embedded one. */
  databaseUrl: string | null;
}

function sqlState(error: unknown, message: string): string | null {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } })?.meta?.driverAdapterError?.cause;
  if (typeof cause?.originalCode === 'string') return cause.originalCode;
  const quoted = /Code: `([0-9A-Z]{5})`/.exec(message)?.[1];
  if (quoted) return quoted;
  // node-postgres puts the SQLSTATE in `code`; Prisma puts its own (P2039) there.
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^P\d{4}$/.test(code) ? code : null;
}

/** The sentence that matters, without Prisma's "Invalid `…` invocation" header and code frame. */
function essence(message: string): string {
  const databaseError = /Database error\. Code: `[0-9A-Z]{5}`\. Message: `(.*)`/.exec(message);
  if (databaseError) return databaseError[1]!;
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines[0]?.startsWith('Invalid `')) return lines.at(-1)!;
  return lines[0] ?? 'unknown error';
}

function serverParts(databaseUrl: string | null) {
  if (!databaseUrl) return null;
  try {
    const url = new URL(databaseUrl);
    return {
      host: url.hostname || 'localhost',
      port: url.port || '5432',
      user: decodeURIComponent(url.username) || 'postgres',
      database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
    };
  } catch {
    return null;
  }
}

function advice(state: string | null, text: string, context: FailureContext): string | null {
  const server = serverParts(context.databaseUrl);
  const connectAs = server ? `-h ${server.host} -p ${server.port}` : '';
  // PgBouncer refuses the settings the gateway sends at connect (`options`, statement_timeout).
  if (/unsupported startup parameter/i.test(text))
    return 'a connection pooler (PgBouncer) is in front of PostgreSQL: set DATABASE_POOLER=pgbouncer and put statement_timeout and jit on the role instead (README, "Behind PgBouncer")';
  if (state === '57014' || /statement timeout/i.test(text))
    return "the database server's own statement_timeout (set on the role or the database) cancelled a statement; the tools set none, so lift it for them: ALTER ROLE … SET statement_timeout = 0";
  if (state === '3D000' || /database .* does not exist/i.test(text))
    return server ? `create it: createdb ${connectAs} -U postgres ${server.database}` : 'create it, or point DATABASE_URL at another one';
  if (state === '28000' || /denied access|role .* does not exist/i.test(text))
    return server
      ? `the role "${server.user}" does not exist or may not connect: createuser ${connectAs} -U postgres ${server.user}, or use another user in DATABASE_URL`
      : null;
  if (state === '28P01' || /authentication failed/i.test(text)) return 'check the user name and password in DATABASE_URL';
  if (/can't reach database server|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|connection timeout|Query read timeout/i.test(text))
    return 'is PostgreSQL running there? Check DATABASE_URL, or unset it to use the embedded database';
  return null;
}

/** One line: what failed, and what to do when we know. */
export function describeFailure(error: unknown, context: FailureContext): string {
  const message = error instanceof Error ? error.message : String(error);
  const state = sqlState(error, message);
  const text = essence(message);
  const what = state && !text.includes(state) ? `${text} (SQLSTATE ${state})` : text;
  const todo = advice(state, text, context);
  return todo ? `${what}: ${todo}.` : `${what}.`;
}
