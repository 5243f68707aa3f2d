// A minimal SVG line/scatter chart, hand-written (no chart library): axes with ticks, a legend,
// polylines and circle markers.

export interface ChartSeries {
  readonly name: string
  readonly color: string
  readonly points: ReadonlyArray<readonly [number, number]>
  /** Join the points (in the given order) with a line. */
  readonly line?: boolean
  /** Draw a marker per point; radius in pixels (default 3 when there is no line). */
  readonly markerRadius?: number
  /** Hollow markers. */
  readonly hollow?: boolean
  readonly dashed?: boolean
}

export interface ChartOptions {
  readonly title: string
  readonly xLabel: string
  readonly yLabel: string
  readonly x: { readonly min: number; readonly max: number; readonly log?: boolean; readonly ticks: readonly number[]; readonly format?: (value: number) => string }
  readonly y: { readonly min: number; readonly max: number; readonly ticks: readonly number[]; readonly format?: (value: number) => string }
  readonly series: readonly ChartSeries[]
  /** Draw the line y = x (calibration plots). */
  readonly diagonal?: boolean
  /** A note under the title. */
  readonly note?: string
  readonly width?: number
  readonly height?: number
}

/** Colours for series, distinguishable in print (Okabe & Ito's colour-blind-safe palette, 2008). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442']

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const round = (value: number) => Math.round(value * 10) / 10

/** Renders the chart as a standalone SVG document. Points outside the domain are clamped to its edge. */
export function renderSvgChart(options: ChartOptions): string {
  const width = options.width ?? 760
  const height = options.height ?? 460
  const legendWidth = 190
  const margin = { top: options.note ? 58 : 44, right: legendWidth + 16, bottom: 52, left: 70 }
  const plotWidth = width - margin.left - margin.right
  const plotHeight = height - margin.top - margin.bottom
  const tx = (value: number) => (options.x.log ? Math.log10(value) : value)
  const [x0, x1] = [tx(options.x.min), tx(options.x.max)]
  const px = (value: number) => round(margin.left + ((Math.min(x1, Math.max(x0, tx(value))) - x0) / (x1 - x0)) * plotWidth)
  const py = (value: number) => round(margin.top + plotHeight - ((Math.min(options.y.max, Math.max(options.y.min, value)) - options.y.min) / (options.y.max - options.y.min)) * plotHeight)
  const formatX = options.x.format ?? ((value: number) => String(value))
  const formatY = options.y.format ?? ((value: number) => String(value))
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="15" font-weight="bold">${escape(options.title)}</text>`,
  ]
  if (options.note) parts.push(`<text x="${margin.left}" y="40" fill="#555555">${escape(options.note)}</text>`)
  for (const tick of options.x.ticks) {
    const x = px(tick)
    parts.push(`<line x1="${x}" y1="${margin.top}" x2="${x}" y2="${margin.top + plotHeight}" stroke="#e5e5e5"/>`)
    parts.push(`<text x="${x}" y="${margin.top + plotHeight + 16}" text-anchor="middle">${escape(formatX(tick))}</text>`)
  }
  for (const tick of options.y.ticks) {
    const y = py(tick)
    parts.push(`<line x1="${margin.left}" y1="${y}" x2="${margin.left + plotWidth}" y2="${y}" stroke="#e5e5e5"/>`)
    parts.push(`<text x="${margin.left - 6}" y="${y + 4}" text-anchor="end">${escape(formatY(tick))}</text>`)
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333333"/>`)
  parts.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 12}" text-anchor="middle">${escape(options.xLabel)}</text>`)
  parts.push(
    `<text x="16" y="${margin.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 16 ${margin.top + plotHeight / 2})">${escape(options.yLabel)}</text>`,
  )
  if (options.diagonal) {
    const low = Math.max(options.x.min, options.y.min)
    const high = Math.min(options.x.max, options.y.max)
    parts.push(`<line x1="${px(low)}" y1="${py(low)}" x2="${px(high)}" y2="${py(high)}" stroke="#999999" stroke-dasharray="4 4"/>`)
  }
  options.series.forEach((series, s) => {
    const points = series.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!options.x.log || x > 0))
    if (series.line && points.length > 1)
      parts.push(
        `<polyline fill="none" stroke="${series.color}" stroke-width="1.8"${series.dashed ? ' stroke-dasharray="6 3"' : ''} points="${points
          .map(([x, y]) => `${px(x)},${py(y)}`)
          .join(' ')}"/>`,
      )
    const radius = series.markerRadius ?? (series.line ? 0 : 3)
    if (radius > 0)
      for (const [x, y] of points)
        parts.push(
          `<circle cx="${px(x)}" cy="${py(y)}" r="${radius}" fill="${series.hollow ? 'none' : series.color}" stroke="${series.color}" stroke-width="1.3"${
            series.hollow ? '' : ' fill-opacity="0.75"'
          }/>`,
        )
    const ly = margin.top + 8 + s * 18
    const lx = margin.left + plotWidth + 14
    parts.push(
      series.line
        ? `<line x1="${lx}" y1="${ly}" x2="${lx + 18}" y2="${ly}" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 3"' : ''}/>`
        : `<circle cx="${lx + 9}" cy="${ly}" r="4" fill="${series.hollow ? 'none' : series.color}" stroke="${series.color}"/>`,
    )
    parts.push(`<text x="${lx + 24}" y="${ly + 4}">${escape(series.name)}</text>`)
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}
