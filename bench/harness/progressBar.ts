// A progress bar on a terminal stream, hand-written: redrawn in place on a TTY, a line per tenth otherwise.

export interface ProgressBar {
  update(done: number, total: number, label: string): void
  finish(): void
}

export interface ProgressStream {
  readonly isTTY?: boolean
  readonly columns?: number
  write(text: string): unknown
}

/** A bar `[#####.....]  45%  120/268  label` on `stream` (default stderr), redrawn at most every 100 ms. */
export function createProgressBar(stream: ProgressStream = process.stderr, now: () => number = () => performance.now()): ProgressBar {
  let lastDraw = -Infinity
  let lastTenth = -1
  let drawn = false
  const start = now()
  return {
    update(done, total, label) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1
      if (stream.isTTY) {
        const time = now()
        if (time - lastDraw < 100 && done < total) return
        lastDraw = time
        const width = 30
        const filled = Math.round(fraction * width)
        const elapsed = ((time - start) / 1000).toFixed(0)
        const head = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done}/${total} ${elapsed}s `
        const room = Math.max(10, (stream.columns ?? 100) - head.length - 1)
        stream.write(`\r\x1b[K${head}${label.length > room ? `${label.slice(0, room - 1)}…` : label}`)
        drawn = true
      } else {
        const tenth = Math.floor(fraction * 10)
        if (tenth > lastTenth) {
          lastTenth = tenth
          stream.write(`${(tenth * 10).toString().padStart(3)}% ${label}\n`)
        }
      }
    },
    finish() {
      if (stream.isTTY && drawn) stream.write('\r\x1b[K')
    },
  }
}
