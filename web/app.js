// The route page (served at / by src/server/routes/page.ts). Plain JavaScript and SVG, no build step
// and no dependencies: it calls the service's own API (same origin) and draws what the quote answer
// holds — the steps as a graph across networks, their schedule against the deadline, and the
// frontier of output, probability and time. Executions stream their journal as server-sent events
// (GET /v1/executions/:id, Accept: text/event-stream); each step's real completion is drawn on the
// timeline as it arrives. Every text from the API is set with textContent, never parsed as HTML.

const SVG = 'http://www.w3.org/2000/svg'
const $ = (id) => document.getElementById(id)
const state = { networks: [], tokens: [], quote: undefined, request: undefined, execution: undefined }

/** An SVG element with attributes and optional text. */
function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag)
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value))
  if (text !== undefined) element.textContent = text
  return element
}

function clear(element) {
  while (element.firstChild) element.removeChild(element.firstChild)
}

function setStatus(text, isError = false) {
  const status = $('status')
  status.textContent = text
  status.classList.toggle('error', isError)
}

const seconds = (value) => (value >= 120 ? `${(value / 60).toFixed(1)} min` : `${value.toFixed(1)} s`)
const percent = (value) => `${(value * 100).toFixed(2)} %`
const amount = (value) => `${value.amount} ${value.symbol}`
const chainName = (chainId) => state.networks.find((network) => network.chainId === chainId)?.name ?? String(chainId)

/** Calls the API; a non-2xx answer throws an Error carrying the body's code, message and field. */
async function api(path, options = {}) {
  const headers = { accept: 'application/json', ...(options.body ? { 'content-type': 'application/json' } : {}), ...authHeader() }
  const response = await fetch(path, { ...options, headers: { ...headers, ...(options.headers ?? {}) } })
  const body = await response.json().catch(() => ({}))
  if (!response.ok) {
    const error = new Error(`${body.code ?? response.status}: ${body.message ?? response.statusText}${body.field ? ` (${body.field})` : ''}`)
    error.body = body
    throw error
  }
  return body
}

function authHeader() {
  const key = $('api-key').value.trim()
  return key ? { authorization: `Bearer ${key}` } : {}
}

// ---- the intent form ------------------------------------------------------------------------------

function fillTokens(chainSelect, tokenSelect, preferred) {
  const chainId = Number(chainSelect.value)
  clear(tokenSelect)
  for (const token of state.tokens.filter((candidate) => candidate.chainId === chainId)) {
    const option = new Option(token.symbol, token.address)
    option.dataset.symbol = token.symbol
    tokenSelect.add(option)
  }
  const match = [...tokenSelect.options].find((option) => option.dataset.symbol === preferred)
  if (match) tokenSelect.value = match.value
}

function selectNetwork(select, name) {
  const network = state.networks.find((candidate) => candidate.name === name)
  if (network) select.value = String(network.chainId)
}

async function loadMarket() {
  const [{ networks }, { tokens }] = await Promise.all([api('/v1/networks'), api('/v1/tokens')])
  state.networks = networks
  state.tokens = tokens
  for (const select of [$('from-chain'), $('to-chain')]) {
    clear(select)
    for (const network of networks) select.add(new Option(`${network.name} (${network.chainId})`, String(network.chainId)))
  }
  const defaults = networks.length > 1 ? [networks[0].name, networks[1].name] : [networks[0]?.name, networks[0]?.name]
  selectNetwork($('from-chain'), networks.some((n) => n.name === 'base') ? 'base' : defaults[0])
  selectNetwork($('to-chain'), networks.some((n) => n.name === 'arbitrum') ? 'arbitrum' : defaults[1])
  fillTokens($('from-chain'), $('from-token'), 'USDC')
  fillTokens($('to-chain'), $('to-token'), 'WETH')
  $('from-chain').addEventListener('change', () => fillTokens($('from-chain'), $('from-token'), $('from-token').selectedOptions[0]?.dataset.symbol))
  $('to-chain').addEventListener('change', () => fillTokens($('to-chain'), $('to-token'), $('to-token').selectedOptions[0]?.dataset.symbol))
}

/** The POST /v1/quote body the form describes (tokens by address: a symbol may be ambiguous). */
function requestFromForm(extra = {}) {
  const form = new FormData($('quote-form'))
  const number = (name) => (form.get(name) === '' || form.get(name) === null ? undefined : Number(form.get(name)))
  const request = {
    from: { chain: Number(form.get('fromChain')), token: String(form.get('fromToken')) },
    to: { chain: Number(form.get('toChain')), token: String(form.get('toToken')) },
    amount: String(form.get('amount')).trim(),
    deadlineSeconds: number('deadlineSeconds'),
    maxSlippageBps: number('maxSlippageBps'),
    objective: String(form.get('objective')),
    ...extra,
  }
  return JSON.parse(JSON.stringify(request))
}

async function quote(request) {
  setStatus('Planning…')
  $('quote-button').disabled = true
  try {
    const answer = await api('/v1/quote', { method: 'POST', body: JSON.stringify(request) })
    state.request = request
    show(answer)
    history.replaceState(null, '', `?quote=${encodeURIComponent(answer.quoteId)}`)
    setStatus(`Quote ${answer.quoteId}, valid until ${new Date(answer.expiresAt).toLocaleTimeString()}.`)
  } catch (error) {
    setStatus(error.message, true)
    // A 422 carries the best plan found and the frontier: show them, marked as missing the constraints.
    if (error.body?.bestPlan) show({ ...error.body, plan: error.body.bestPlan, labels: ['best found'], outcomeProbability: error.body.bestPlan.outcomeProbability.total })
  } finally {
    $('quote-button').disabled = false
  }
}

async function openQuote(id) {
  setStatus('Opening…')
  try {
    const answer = await api(`/v1/quotes/${encodeURIComponent(id)}`)
    state.request = undefined
    show(answer)
    setStatus(`Quote ${answer.quoteId}.`)
  } catch (error) {
    setStatus(error.message, true)
  }
}

// ---- the answer -----------------------------------------------------------------------------------

function show(answer) {
  state.quote = answer
  state.execution = undefined
  $('result').hidden = false
  $('quote-label').textContent = answer.labels ? `(${answer.labels.join(', ')})` : ''
  clear($('events'))
  showSummary(answer)
  drawGraph(answer.plan)
  drawTimeline(answer.plan)
  drawFrontier(answer.frontier ?? [])
  $('execute-button').hidden = !state.request
}

function showSummary(answer) {
  const plan = answer.plan
  const deadline = plan.schedule.steps.length ? Math.max(...plan.schedule.steps.map((step) => step.deadlineSeconds)) : undefined
  const rows = [
    ['Send', `${amount(plan.amountIn)} on ${plan.from.chain}`],
    ['Expected out', `${amount(plan.expectedAmountOut)} on ${plan.to.chain}`],
    ['Minimum out', amount(plan.minAmountOut)],
    ['Outcome probability', percent(plan.outcomeProbability.total)],
    ['Duration', `expected ${seconds(plan.expectedDurationSeconds)}, p95 ${seconds(plan.p95DurationSeconds)}`],
    ['Deadline', state.request?.deadlineSeconds ? seconds(state.request.deadlineSeconds) : deadline !== undefined ? `steps due by ${seconds(deadline)}` : '—'],
    ['Gas', `$${plan.gasCostUsd.toFixed(2)}`],
    ['Strategy', plan.strategy],
  ]
  const summary = $('summary')
  clear(summary)
  for (const [term, value] of rows) {
    const dt = document.createElement('dt')
    dt.textContent = term
    const dd = document.createElement('dd')
    dd.textContent = value
    dd.dataset.term = term
    summary.append(dt, dd)
  }
}

/** Depth of each step: 0 without dependencies, else one more than its deepest dependency. */
function depths(steps) {
  const depth = new Map()
  const of = (step) => {
    if (!depth.has(step.index)) depth.set(step.index, step.dependsOn.length ? 1 + Math.max(...step.dependsOn.map((i) => of(steps[i]))) : 0)
    return depth.get(step.index)
  }
  for (const step of steps) of(step)
  return depth
}

/**
 * The plan as a graph: one lane per network, one column per dependency depth; a swap sits in its
 * network's lane, a bridge spans from its source lane to its destination lane; arrows are dependencies.
 */
function drawGraph(plan) {
  const root = $('graph')
  clear(root)
  const steps = plan.steps
  const chains = [...new Set([plan.from.chainId, ...steps.flatMap((step) => [step.tokenIn.chainId, step.tokenOut.chainId]), plan.to.chainId])]
  const depth = depths(steps)
  const columns = Math.max(0, ...depth.values()) + 1
  const column = 230, left = 110, top = 10, width = 200, height = 58, gap = 10
  // Parallel steps of one network and depth stack in its lane; a lane is as tall as its fullest column.
  const cell = (step) => `${chains.indexOf(step.tokenIn.chainId)}:${depth.get(step.index)}`
  const count = new Map()
  const slot = new Map()
  for (const step of steps) {
    slot.set(step.index, count.get(cell(step)) ?? 0)
    count.set(cell(step), (count.get(cell(step)) ?? 0) + 1)
  }
  const laneHeight = chains.map((_, row) => Math.max(1, ...steps.filter((step) => chains.indexOf(step.tokenIn.chainId) === row).map((step) => count.get(cell(step)))) * (height + gap) + 2 * gap)
  const laneTop = laneHeight.map((_, row) => top + laneHeight.slice(0, row).reduce((sum, value) => sum + value + 6, 0))
  const total = left + columns * column + 20
  root.setAttribute('viewBox', `0 0 ${total} ${laneTop.at(-1) + laneHeight.at(-1) + 10}`)
  chains.forEach((chainId, row) => {
    root.append(svg('rect', { x: 0, y: laneTop[row], width: total, height: laneHeight[row], class: 'lane' }))
    root.append(svg('text', { x: 8, y: laneTop[row] + laneHeight[row] / 2, class: 'lane-label' }, chainName(chainId)))
  })
  const position = new Map()
  for (const step of steps) {
    const row = chains.indexOf(step.tokenIn.chainId)
    position.set(step.index, { x: left + depth.get(step.index) * column, y: laneTop[row] + gap + slot.get(step.index) * (height + gap), row })
  }
  const laneEntry = (chainId) => laneTop[chains.indexOf(chainId)] + 4
  const defs = svg('defs')
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' })
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))
  defs.append(marker)
  root.append(defs)
  for (const step of steps) {
    const to = position.get(step.index)
    for (const dependency of step.dependsOn) {
      const from = position.get(dependency)
      const fromStep = steps[dependency]
      const fromY = fromStep.action === 'bridge' ? laneEntry(fromStep.tokenOut.chainId) : from.y + height / 2
      root.append(svg('path', { d: `M ${from.x + width} ${fromY} C ${from.x + width + 20} ${fromY}, ${to.x - 20} ${to.y + height / 2}, ${to.x} ${to.y + height / 2}`, class: 'dependency', 'marker-end': 'url(#arrow)' }))
    }
  }
  for (const step of steps) {
    const { x, y } = position.get(step.index)
    const group = svg('g', { class: `step ${step.action}`, 'data-step': step.index })
    if (step.action === 'bridge') {
      const destination = laneEntry(step.tokenOut.chainId)
      const below = destination > y
      group.append(svg('path', { d: `M ${x + width / 2} ${below ? y + height : y} L ${x + width / 2} ${destination}`, class: 'bridge-span', 'marker-end': 'url(#arrow)' }))
    }
    group.append(svg('rect', { x, y, width, height, rx: 6 }))
    group.append(svg('text', { x: x + 8, y: y + 16, class: 'step-title' }, `${step.index} ${step.action} · ${step.venueId}`.slice(0, 29)))
    group.append(svg('text', { x: x + 8, y: y + 33 }, `in  ${amount(step.amountIn)}`.slice(0, 30)))
    group.append(svg('text', { x: x + 8, y: y + 49 }, `out ${amount(step.amountOut)}`.slice(0, 30)))
    group.append(svg('title', {}, `${step.action} on ${step.venueId}: ${amount(step.amountIn)} (${step.tokenIn.chain}) → ${amount(step.amountOut)} (${step.tokenOut.chain})`))
    root.append(group)
  }
}

/** Each step's schedule as a bar (earliest start → expected completion, then → p95) against the deadline. */
function drawTimeline(plan) {
  const root = $('timeline')
  clear(root)
  const schedule = plan.schedule.steps
  const deadline = state.request?.deadlineSeconds
  const actual = state.execution?.completed ?? new Map()
  const horizon = Math.max(1, deadline ?? 0, plan.p95DurationSeconds, ...schedule.map((step) => step.p95CompletionSeconds), ...[...actual.values()])
  const left = 300, right = 30, row = 26, top = 26, width = 1000
  const x = (value) => left + (value / horizon) * (width - left - right)
  root.setAttribute('viewBox', `0 0 ${width} ${top + schedule.length * row + 30}`)
  // Axis: five ticks over the horizon.
  for (let i = 0; i <= 5; i++) {
    const value = (horizon * i) / 5
    root.append(svg('line', { x1: x(value), x2: x(value), y1: top - 6, y2: top + schedule.length * row, class: 'tick' }))
    root.append(svg('text', { x: x(value), y: top - 10, class: 'tick-label' }, seconds(value)))
  }
  schedule.forEach((entry, i) => {
    const step = plan.steps[entry.stepIndex]
    const y = top + i * row
    const group = svg('g', { class: 'timeline-row', 'data-step': entry.stepIndex })
    group.append(svg('text', { x: 8, y: y + 16 }, `${entry.stepIndex} ${step.action} ${step.venueId}`.slice(0, 40)))
    group.append(svg('rect', { x: x(0), y: y + 6, width: Math.max(0, x(entry.earliestStartSeconds) - x(0)), height: 12, class: 'earliest' }))
    group.append(svg('rect', { x: x(entry.earliestStartSeconds), y: y + 4, width: Math.max(1, x(entry.expectedCompletionSeconds) - x(entry.earliestStartSeconds)), height: 16, class: 'expected' }))
    group.append(svg('rect', { x: x(entry.expectedCompletionSeconds), y: y + 8, width: Math.max(1, x(entry.p95CompletionSeconds) - x(entry.expectedCompletionSeconds)), height: 8, class: 'p95' }))
    group.append(svg('title', {}, `start ≥ ${seconds(entry.earliestStartSeconds)}, expected done ${seconds(entry.expectedCompletionSeconds)}, p95 ${seconds(entry.p95CompletionSeconds)}, P(success) ${percent(entry.successProbability)}`))
    if (actual.has(entry.stepIndex)) group.append(svg('circle', { cx: x(actual.get(entry.stepIndex)), cy: y + 12, r: 6, class: 'actual' }))
    root.append(group)
  })
  if (deadline !== undefined) {
    root.append(svg('line', { x1: x(deadline), x2: x(deadline), y1: top - 6, y2: top + schedule.length * row + 6, class: 'deadline' }))
    root.append(svg('text', { x: x(deadline) - 4, y: top + schedule.length * row + 22, class: 'deadline-label' }, `deadline ${seconds(deadline)}`))
  }
}

/** Frontier points: x = p95 duration, y = expected output, colour = outcome probability; click one for its details. */
function drawFrontier(points) {
  const root = $('frontier')
  clear(root)
  clear($('frontier-detail'))
  if (points.length === 0) return
  const outputs = points.map((point) => Number(point.expectedAmountOut.amount))
  const times = points.map((point) => point.p95DurationSeconds)
  const [minOut, maxOut] = [Math.min(...outputs), Math.max(...outputs)]
  const maxTime = Math.max(...times, 1)
  const left = 110, bottom = 40, width = 1000, height = 300
  const x = (time) => left + (time / maxTime) * (width - left - 160)
  const y = (out) => (maxOut === minOut ? height / 2 : 20 + (1 - (out - minOut) / (maxOut - minOut)) * (height - bottom - 30))
  root.setAttribute('viewBox', `0 0 ${width} ${height}`)
  root.append(svg('line', { x1: left, x2: width - 20, y1: height - bottom, y2: height - bottom, class: 'axis' }))
  root.append(svg('line', { x1: left, x2: left, y1: 10, y2: height - bottom, class: 'axis' }))
  root.append(svg('text', { x: width - 20, y: height - 10, class: 'axis-label end' }, 'p95 duration →'))
  root.append(svg('text', { x: 4, y: 16, class: 'axis-label' }, `↑ expected ${points[0].expectedAmountOut.symbol}`))
  root.append(svg('text', { x: left - 6, y: y(maxOut) + 4, class: 'axis-label end' }, String(maxOut.toPrecision(6))))
  root.append(svg('text', { x: left - 6, y: y(minOut) + 4, class: 'axis-label end' }, String(minOut.toPrecision(6))))
  root.append(svg('text', { x: x(maxTime), y: height - bottom + 16, class: 'axis-label end' }, seconds(maxTime)))
  points.forEach((point, i) => {
    const hue = Math.round(point.outcomeProbability * 120)
    const group = svg('g', { class: `frontier-point${point.chosen ? ' chosen' : ''}`, 'data-index': i, tabindex: 0, role: 'button' })
    group.append(svg('circle', { cx: x(point.p95DurationSeconds), cy: y(outputs[i]), r: point.chosen ? 11 : 8, fill: `hsl(${hue} 70% 45%)` }))
    group.append(svg('text', { x: x(point.p95DurationSeconds) + 14, y: y(outputs[i]) + 4 }, `${percent(point.outcomeProbability)}${point.chosen ? ' (this plan)' : ''}`))
    group.append(svg('title', {}, `${point.strategy}: ${amount(point.expectedAmountOut)}, P ${percent(point.outcomeProbability)}, p95 ${seconds(point.p95DurationSeconds)}`))
    const select = () => selectFrontierPoint(i)
    group.addEventListener('click', select)
    group.addEventListener('keydown', (event) => (event.key === 'Enter' || event.key === ' ') && select())
    root.append(group)
  })
}

function selectFrontierPoint(i) {
  const point = state.quote.frontier[i]
  for (const element of $('frontier').querySelectorAll('.frontier-point')) element.classList.toggle('selected', Number(element.dataset.index) === i)
  const detail = $('frontier-detail')
  clear(detail)
  const heading = document.createElement('h4')
  heading.textContent = `${point.chosen ? 'This plan' : 'Alternative'}: ${point.strategy}`
  const list = document.createElement('ul')
  const lines = [
    `expected out ${amount(point.expectedAmountOut)} (minimum ${amount(point.minAmountOut)})`,
    `outcome probability ${percent(point.outcomeProbability)}`,
    `expected ${seconds(point.expectedDurationSeconds)}, p95 ${seconds(point.p95DurationSeconds)}`,
    `${point.steps} steps, gas $${point.gasCostUsd.toFixed(2)}`,
    ...point.routes.map((route) => `${(route.share * 100).toFixed(1)} %: ${route.venueIds.join(' → ')}`),
  ]
  for (const line of lines) {
    const item = document.createElement('li')
    item.textContent = line
    list.append(item)
  }
  detail.append(heading, list)
  if (!point.chosen && state.request) {
    // The output objective among plans at least this likely picks this point (it is on the frontier).
    const button = document.createElement('button')
    button.type = 'button'
    button.id = 'plan-point'
    button.textContent = 'Plan this one'
    button.addEventListener('click', () =>
      quote({ ...state.request, objective: 'output', minProbability: Math.max(0, Math.floor(point.outcomeProbability * 1e4) / 1e4) }),
    )
    detail.append(button)
  }
}

// ---- executions: server-sent events ---------------------------------------------------------------

function logEvent(text) {
  const item = document.createElement('li')
  item.textContent = text
  $('events').append(item)
}

/** Reads a text/event-stream response (fetch, so the API key can go in a header) and calls onEvent per event. */
async function readEventStream(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += value
    let end
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
      const data = block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n')
      onEvent(type, data ? JSON.parse(data) : undefined)
    }
  }
}

async function watchExecution(id) {
  setStatus(`Watching execution ${id}…`)
  const response = await fetch(`/v1/executions/${encodeURIComponent(id)}`, { headers: { accept: 'text/event-stream', ...authHeader() } })
  if (!response.ok) {
    const body = await response.json().catch(() => ({}))
    setStatus(`${body.code ?? response.status}: ${body.message ?? 'cannot watch the execution'}`, true)
    return
  }
  state.execution = { id, startedAt: undefined, completed: new Map() }
  $('result').hidden = false
  await readEventStream(response, (type, record) => {
    const execution = state.execution
    execution.startedAt ??= record?.at
    const elapsed = record?.at !== undefined && execution.startedAt !== undefined ? (record.at - execution.startedAt) / 1000 : 0
    logEvent(`${seconds(elapsed)}  ${type}${record?.stepIndex !== undefined ? ` step ${record.stepIndex}` : ''}${record?.reason ? `: ${record.reason}` : ''}`)
    // A plan record: draw it when the page has none (an execution opened by id).
    if (type === 'plan' && record.legId === 0 && !state.quote) logEvent('(plan received)')
    const done = (type === 'step-confirmed' && record.purpose !== 'approve' && record.status === 'success' && record.legId === 0 && state.quote?.plan.steps[record.stepIndex]?.action === 'swap') || (type === 'bridge-filled' && record.legId === 0)
    if (done) {
      execution.completed.set(record.stepIndex, elapsed)
      if (state.quote) drawTimeline(state.quote.plan)
    }
    if (type === 'outcome') setStatus(`Execution ${id}: ${record.outcome?.verdict ?? 'finished'}.`)
  })
}

async function execute() {
  try {
    const started = await api('/v1/executions', { method: 'POST', body: JSON.stringify(state.request) })
    $('execution-id').value = started.id
    const quoteShown = state.quote
    await watchExecution(started.id)
    state.quote = quoteShown
  } catch (error) {
    setStatus(error.message, true)
  }
}

// ---- start ----------------------------------------------------------------------------------------

$('quote-form').addEventListener('submit', (event) => {
  event.preventDefault()
  void quote(requestFromForm())
})
$('open-form').addEventListener('submit', (event) => {
  event.preventDefault()
  const id = $('quote-id').value.trim()
  if (id) void openQuote(id)
})
$('watch-button').addEventListener('click', () => {
  const id = $('execution-id').value.trim()
  if (id) void watchExecution(id)
})
$('execute-button').addEventListener('click', () => void execute())

try {
  await loadMarket()
  const parameters = new URLSearchParams(location.search)
  if (parameters.get('quote')) await openQuote(parameters.get('quote'))
  if (parameters.get('execution')) await watchExecution(parameters.get('execution'))
  document.body.dataset.ready = 'true'
} catch (error) {
  setStatus(`Cannot load the market: ${error.message}`, true)
}
