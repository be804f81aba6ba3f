/**
 * What PostgreSQL did for each server's page: the auto_explain plans (EXPLAIN ANALYZE with
 * buffers, statements inside functions included) that the statement-counting instance's
 * sessions logged, summarized so that a bad plan shows in the report — the largest scan of
 * a page names its node and the rows it read — and written out whole for reading.
 *
 * Found this way: PostGraphile's and raw SQL's article page joined related_articles()'s
 * rows to "Article" with the planner's default estimate of 1,000 rows for the function, and
 * read the whole primary key (8,099 rows at 10k) on every request.
 */

export interface ScanNode {
  /** "Index Scan using Article_pkey on Article x", as EXPLAIN prints it. */
  node: string;
  /** Rows the node read: (rows returned + rows removed by its filter) × loops. */
  rowsRead: number;
  loops: number;
}

export interface PlanSummary {
  /** Plans logged per request (the statements sent, plus those run inside functions). */
  plansPerRequest: number;
  /** Execution time of all plans logged, per request (nested ones counted again inside their caller). */
  loggedMsPerRequest: number;
  slowestMs: number;
  largestScan: ScanNode | null;
  /** Sequential scans that read 1,000 rows or more at a time: a sign of a missing index or a bad estimate. */
  seqScans: ScanNode[];
  /** Scans of "Article" reading a tenth of it or more (wideArticleScans); set by the harness, which knows the size. */
  wideArticleScans?: ScanNode[];
}

const NODE =
  /^\s*(?:->\s+)?((?:Parallel )?(?:Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|Bitmap Index Scan)\b[^(]*?)\s+\(cost=[^)]*\)\s+\(actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)\)/;
const REMOVED = /^\s*Rows Removed by (?:Filter|Index Recheck): (\d+)/;
const ANY_NODE = /^\s*(?:->\s+)?\S.*\(cost=/;

/** The scan nodes of one plan (text format) with the rows each read. */
export function scansOf(plan: string): ScanNode[] {
  const scans: ScanNode[] = [];
  let current: { node: string; rows: number; loops: number; removed: number } | null = null;
  const close = () => {
    if (current)
      scans.push({
        node: current.node.replace(/"/g, ''),
        rowsRead: (current.rows + current.removed) * current.loops,
        loops: current.loops,
      });
    current = null;
  };
  for (const line of plan.split('\n')) {
    const node = NODE.exec(line);
    if (node) {
      close();
      current = { node: node[1]!.trim(), rows: Number(node[2]), loops: Number(node[3]), removed: 0 };
      continue;
    }
    if (ANY_NODE.test(line)) {
      close();
      continue;
    }
    const removed = REMOVED.exec(line);
    if (removed && current) (current as { removed: number }).removed += Number(removed[1]);
  }
  close();
  return scans;
}

const durationOf = (plan: string) => Number(/^duration: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);

export function summarizePlans(plans: string[], requests: number): PlanSummary {
  const scans = plans.flatMap(scansOf);
  const durations = plans.map(durationOf);
  return {
    plansPerRequest: plans.length / requests,
    loggedMsPerRequest: durations.reduce((a, b) => a + b, 0) / requests,
    slowestMs: Math.max(0, ...durations),
    largestScan: scans.reduce<ScanNode | null>((max, scan) => (!max || scan.rowsRead > max.rowsRead ? scan : max), null),
    // A small table read once per row of a nested loop (Tag, 294 rows, 21 times) is not one.
    seqScans: dedupe(scans.filter((scan) => scan.node.includes('Seq Scan') && scan.rowsRead / scan.loops >= 1000)),
  };
}

/** One entry per node, with the most rows any of its executions read. */
function dedupe(scans: ScanNode[]): ScanNode[] {
  const byNode = new Map<string, ScanNode>();
  for (const scan of scans) if ((byNode.get(scan.node)?.rowsRead ?? -1) < scan.rowsRead) byNode.set(scan.node, scan);
  return [...byNode.values()].sort((a, b) => b.rowsRead - a.rowsRead);
}

export function formatScan(scan: ScanNode | null): string {
  if (!scan) return '—';
  return `${scan.node}: ${scan.rowsRead.toLocaleString('en-US')} rows${scan.loops > 1 ? ` (${scan.loops} loops)` : ''}`;
}

/**
 * The scans of "Article" itself (its heap or any of its indexes, not ArticleTag's) that read
 * at least a tenth of the table, or 2,000 rows at a small size, in one execution: on the
 * article page that is the related lookup reading the whole table (the merge join over
 * Article_pkey that the default 1,000-row estimate of related_articles() planned: 8,099 of
 * 10,000 rows), where the sane plan reads a few hundred index entries.
 */
export function wideArticleScans(plans: string[], articles: number): ScanNode[] {
  const limit = Math.max(2000, Math.floor(articles / 10));
  return dedupe(plans.flatMap(scansOf).filter((scan) => / on Article(\s|$)/.test(scan.node) && scan.rowsRead >= limit));
}
