/**
 * The daily archive's data: what a day holds in a scope (all sections, or one with its
 * subsections), read in one statement, and the month calendar's counts. The archive page is
 * this statement plus its article page (src/db/article-pages.ts): two statements whatever it
 * selects of the day, its neighbours and its sections. Every condition on articles is the
 * reader rule (`publicSql`, the migration reader_visibility's function).
 */
import { localDayRange, type LocalDate } from '../domain/local-time.js';
import type { DatabaseClient } from './database.js';
import { publicSql, visibleCategories } from './visibility.js';

/** A Category row as Prisma reads it (every scalar column; it has no dates). */
export interface CategoryRow {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  parentId: number | null;
  position: number;
}

export interface ArchiveDay {
  /** The scope's section (null for all sections). */
  category: CategoryRow | null;
  /** Public articles published that day in the scope. */
  total: number;
  /** The publication instant of the nearest public article before the day, in the scope. */
  previous: Date | null;
  /** The same after the day. */
  next: Date | null;
  /** Every section's count that day, whatever the scope, largest first (then by id). */
  sections: { category: CategoryRow; count: number }[];
}

/**
 * The day `date` in the scope of section `slug` (null: all sections), or null when `slug` names
 * no section a reader may see (none, or one whose articles are all hidden), as an unknown one.
 */
export async function readArchiveDay(prisma: DatabaseClient, date: LocalDate, slug: string | null, now: Date): Promise<ArchiveDay | null> {
  const { start, end } = localDayRange(date);
  const a = publicSql('a', now);
  // The scope: the section by slug when a reader may see it (a public article in it or in a
  // subsection: `visibleCategories`), with its subsections' ids.
  const rows = await prisma.$queryRaw<
    { found: boolean; category: CategoryRow | null; total: number; previous: Date | null; next: Date | null; sections: unknown }[]
  >`
    WITH scope AS (
      SELECT c.id, to_jsonb(c) AS row,
             ARRAY(SELECT s.id FROM "Category" s WHERE s.id = c.id OR s."parentId" = c.id) AS ids
      FROM "Category" c
      WHERE c.slug = ${slug}::text
        AND EXISTS (SELECT 1 FROM "Article" a JOIN "Category" s ON s.id = a."categoryId"
                     WHERE (s.id = c.id OR s."parentId" = c.id) AND ${a})
    ),
    day AS (
      SELECT a."categoryId" FROM "Article" a
      WHERE ${a} AND a."publishedAt" >= ${start} AND a."publishedAt" < ${end}
    ),
    in_scope AS (
      SELECT ${slug}::text IS NULL AS everything, coalesce((SELECT ids FROM scope), '{}') AS ids
    )
    SELECT
      ${slug}::text IS NULL OR EXISTS (SELECT 1 FROM scope) AS found,
      (SELECT row FROM scope) AS category,
      (SELECT count(*)::int FROM day d, in_scope i WHERE i.everything OR d."categoryId" = ANY (i.ids)) AS total,
      (SELECT a."publishedAt" FROM "Article" a, in_scope i
        WHERE ${a} AND a."publishedAt" < ${start} AND (i.everything OR a."categoryId" = ANY (i.ids))
        ORDER BY a."publishedAt" DESC LIMIT 1) AS previous,
      (SELECT a."publishedAt" FROM "Article" a, in_scope i
        WHERE ${a} AND a."publishedAt" >= ${end} AND (i.everything OR a."categoryId" = ANY (i.ids))
        ORDER BY a."publishedAt" ASC LIMIT 1) AS next,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('category', to_jsonb(c), 'count', n.count)
                                 ORDER BY n.count DESC, c.id), '[]')
         FROM (SELECT d."categoryId", count(*)::int AS count FROM day d
               WHERE d."categoryId" IS NOT NULL GROUP BY d."categoryId") n
         JOIN "Category" c ON c.id = n."categoryId") AS sections`;
  const row = rows[0];
  if (!row?.found) return null;
  return {
    category: row.category,
    total: row.total,
    previous: row.previous,
    next: row.next,
    sections: row.sections as ArchiveDay['sections'],
  };
}

/** The id of the section `slug` names when a reader may see it; undefined when none. For the calendar. */
export async function findArchiveSection(prisma: DatabaseClient, slug: string, now: Date): Promise<number | undefined> {
  const category = await prisma.category.findUnique({ where: { slug, ...visibleCategories({ now }) }, select: { id: true } });
  return category?.id;
}

/** One grouped statement: the local day ("YYYY-MM-DD") of each public article in the month, counted. */
export async function countArticlesPerDay(
  prisma: DatabaseClient,
  month: { year: number; month: number; categoryId: number | null },
  now: Date,
): Promise<Map<string, number>> {
  const start = localDayRange({ year: month.year, month: month.month, day: 1 }).start;
  const next = month.month === 12 ? { year: month.year + 1, month: 1 } : { year: month.year, month: month.month + 1 };
  const end = localDayRange({ ...next, day: 1 }).start;
  // UTC wall time + 7 hours is the Vietnamese wall time; no time-zone database needed.
  const rows = await prisma.$queryRaw<{ day: string; n: number }[]>`
    SELECT to_char((a."publishedAt" AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM-DD') AS day, count(*)::int AS n
    FROM "Article" a LEFT JOIN "Category" c ON c.id = a."categoryId"
    WHERE ${publicSql('a', now)} AND a."publishedAt" >= ${start} AND a."publishedAt" < ${end}
      AND (${month.categoryId}::int IS NULL OR c.id = ${month.categoryId}::int OR c."parentId" = ${month.categoryId}::int)
    GROUP BY 1`;
  return new Map(rows.map((row) => [row.day, row.n]));
}
