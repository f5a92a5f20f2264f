/** A hand-drawn progress bar for TTYs; silent when output is piped. */

/** A progress callback drawing `[#####-----] 12/40` on `stream` when it is a terminal. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, label = 'ingest'): { update: (done: number, total: number) => void; finish: () => void } {
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  return {
    update(done, total) {
      if (!tty || total <= 0) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
