// A small independent parser of the Prometheus text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format), for checking /metrics.

export interface Sample {
  readonly name: string
  readonly labels: Record<string, string>
  readonly value: number
}

/** Parses exposition text into samples, checking every family has HELP and TYPE before its samples. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = []
  const typed = new Set<string>()
  for (const line of text.split('\n')) {
    if (line === '') continue
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line)
    if (meta) {
      if (meta[1] === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3]!)) throw new Error(`bad TYPE: ${line}`)
        typed.add(meta[2]!)
      }
      continue
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match) throw new Error(`not a sample line: ${line}`)
    const labels: Record<string, string> = {}
    const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y
    const body = match[2] ?? ''
    let consumed = 0
    while (consumed < body.length) {
      labelPattern.lastIndex = consumed
      const label = labelPattern.exec(body)
      if (!label) throw new Error(`bad labels: ${body}`)
      labels[label[1]!] = label[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\')
      consumed = labelPattern.lastIndex
    }
    const name = match[1]!
    const family = name.replace(/_(bucket|sum|count)$/, '')
    if (!typed.has(name) && !typed.has(family)) throw new Error(`sample before its TYPE line: ${line}`)
    const value = match[3] === '+Inf' ? Infinity : Number(match[3])
    if (Number.isNaN(value)) throw new Error(`bad value: ${line}`)
    samples.push({ name, labels, value })
  }
  return samples
}

export function sampleValue(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value
}
