import { setImmediate as nextTurn } from 'node:timers/promises';

function checkBatchSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
}

/** Groups a stream into arrays of `size`, holding one batch at a time (the last may be shorter). */
export function* inBatches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  checkBatchSize(size);
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Writes a stream in batches, one write in flight while the next batch is produced: the
 * database works on batch N while this process builds batch N + 1, so the two use both
 * cores instead of taking turns. Producing yields to the event loop every `yieldEvery` items,
 * so the driver can keep sending the in-flight transaction's statements meanwhile.
 * Batches are written strictly in order, and a failed write stops the stream.
 */
export async function writeInPipeline<T, R>(
  items: Iterable<T>,
  size: number,
  write: (batch: T[]) => Promise<R>,
  onWritten: (result: R) => void,
  yieldEvery = 25,
): Promise<void> {
  checkBatchSize(size);
  const iterator = items[Symbol.iterator]();
  let inFlight: Promise<R> | undefined;
  try {
    for (;;) {
      const batch: T[] = [];
      while (batch.length < size) {
        const next = iterator.next();
        if (next.done) break;
        batch.push(next.value);
        if (inFlight && batch.length % yieldEvery === 0) await nextTurn();
      }
      if (inFlight) onWritten(await inFlight);
      inFlight = undefined;
      if (batch.length === 0) return;
      inFlight = write(batch);
    }
  } finally {
    // A producer error must not leave an unobserved rejection behind it.
    if (inFlight) await inFlight.catch(() => undefined);
  }
}
