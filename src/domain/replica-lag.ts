/**
 * PostgreSQL WAL positions (LSNs) and replication lag, without I/O: what src/db/replicas.ts
 * decides with.
 *
 * An LSN is printed as two hexadecimal halves, `16/B374D848`; it is kept here as a bigint so
 * positions compare and subtract exactly (a number would lose bits past 2^53 bytes of WAL).
 */

/** `16/B374D848` → 0x16B374D848n; null for anything else (a replica answers null outside recovery). */
export function parseLsn(text: string | null | undefined): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text ?? '');
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** One sample of the primary's WAL position (pg_current_wal_lsn()) and when it was taken. */
export interface PrimarySample {
  at: number;
  lsn: bigint;
}

/**
 * How long ago the primary was at a position the replica has not replayed yet: the age of the
 * oldest sample past `replayed`, 0 when the replica has replayed every sample. Unlike
 * `now() - pg_last_xact_replay_timestamp()`, this is 0 on an idle primary (nothing to replay)
 * and keeps growing while replay is paused or the replica is cut off from the primary.
 * `samples` are in the order they were taken.
 */
export function lagMs(samples: readonly PrimarySample[], replayed: bigint, now: number): number {
  const oldestUnreplayed = samples.find((sample) => sample.lsn > replayed);
  return oldestUnreplayed ? Math.max(0, now - oldestUnreplayed.at) : 0;
}

/**
 * Drops the samples no lag measurement needs any more: those already replayed by every
 * replica (`slowest`, the least replay position), except the newest, and any older than
 * `keepMs` (a replica that far behind is skipped whatever its exact lag).
 */
export function pruneSamples(samples: PrimarySample[], slowest: bigint | null, now: number, keepMs: number): PrimarySample[] {
  const recent = samples.filter((sample, index) => index === samples.length - 1 || now - sample.at <= keepMs);
  if (slowest === null) return recent;
  const firstNeeded = recent.findIndex((sample) => sample.lsn > slowest);
  return firstNeeded === -1 ? recent.slice(-1) : recent.slice(firstNeeded);
}
