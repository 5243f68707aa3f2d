// Boundary check: every import must point the allowed way between the top-level folders (solver →
// nothing outside solver; src → solver; bench → src, solver; test → anything; nothing → test), and
// no folder or file may import itself through others. `--graph` prints the folder dependency graph.
// Run with `npm run lint:deps` (CI runs it); exits 1 on a violation.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const TOP_LEVEL = ['solver', 'src', 'bench', 'test', 'fixtures'] as const

/** Which top-level folders each one may import (besides itself). test may import anything; nothing imports test. */
const ALLOWED: Record<string, readonly string[]> = {
  solver: [],
  src: ['solver'],
  bench: ['src', 'solver', 'fixtures'],
  test: ['src', 'solver', 'bench', 'fixtures'],
  // Builders of the bundled market and intent files, on top of src/market's parsers.
  fixtures: ['src', 'solver'],
}

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

/** Relative specifiers of static imports/exports (type-only included) and literal dynamic imports. */
function importsOf(text: string): string[] {
  const specifiers: string[] = []
  const patterns = [/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/g, /(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g]
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) specifiers.push(match[1]!)
  return specifiers.filter((s) => s.startsWith('.'))
}

/** Folder of a file one level below the top (`solver/risk`); a file at a top-level root is a node of its own (`solver/errors.ts`). */
function folderOf(file: string): string {
  const parts = relative(root, file).split(sep)
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts.join('/')
}

/**
 * Known edges waiting for their fix, each with the work that removes it. Delete an entry when that
 * work lands; the check then keeps the edge from coming back.
 */
// (None left: the executor's src/executor → src/devnet edge went when it came to depend on the
// ChainEnvironment interface the devnet implements, issue 13.)
const KNOWN_EXCEPTIONS: ReadonlyArray<{ readonly from: string; readonly to: string; readonly why: string }> = []
const isKnown = (from: string, to: string) => KNOWN_EXCEPTIONS.some((known) => from.startsWith(known.from) && to.startsWith(known.to))

const violations: string[] = []
const folderEdges = new Map<string, Set<string>>()
const fileEdges = new Map<string, Set<string>>()
for (const top of TOP_LEVEL) {
  for (const file of sourceFiles(join(root, top))) {
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), specifier)
      const targetRelative = relative(root, target)
      if (targetRelative.startsWith('..')) continue
      const targetTop = targetRelative.split(sep)[0]!
      if (targetTop !== top && !ALLOWED[top]?.includes(targetTop)) {
        violations.push(`${relative(root, file)} imports ${targetRelative}: ${top} must not import ${targetTop}`)
      }
      const from = folderOf(file)
      const to = folderOf(target)
      if (!isKnown(relative(root, file), targetRelative)) {
        if (!fileEdges.has(file)) fileEdges.set(file, new Set())
        fileEdges.get(file)!.add(target)
      }
      if (from !== to && targetTop === top && !isKnown(from, to)) {
        if (!folderEdges.has(from)) folderEdges.set(from, new Set())
        folderEdges.get(from)!.add(to)
      }
    }
  }
}

/** Strongly connected components of more than one node (Tarjan). */
function cyclesOf(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  let counter = 0
  const visit = (node: string): void => {
    indexOf.set(node, counter)
    low.set(node, counter++)
    stack.push(node)
    onStack.add(node)
    for (const next of edges.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!))
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1) components.push(component.sort())
    }
  }
  for (const node of [...edges.keys()].sort()) if (!indexOf.has(node)) visit(node)
  return components
}

for (const cycle of cyclesOf(folderEdges)) violations.push(`folder cycle: ${cycle.join(' ↔ ')}`)
// File cycles, type-only imports included, fail in solver/ and src/ (src/executor's journal ↔ foldJournal
// ↔ outcome was untied, issue 13). Elsewhere (bench/, test/) they are reported only.
const warnings: string[] = []
for (const cycle of cyclesOf(fileEdges)) {
  const files = cycle.map((file) => relative(root, file).split(sep).join('/'))
  const enforced = files.some((file) => file.startsWith('solver/') || file.startsWith('src/'))
  ;(enforced ? violations : warnings).push(`file cycle: ${files.join(' ↔ ')}`)
}
if (warnings.length > 0) console.warn(warnings.map((warning) => `warning: ${warning}`).join('\n'))

if (process.argv.includes('--graph')) {
  for (const from of [...folderEdges.keys()].sort()) console.log(`${from} → ${[...folderEdges.get(from)!].sort().join(', ')}`)
}
if (violations.length > 0) {
  console.error(violations.join('\n'))
  console.error(`${violations.length} dependency violation(s)`)
  process.exit(1)
}
console.log('dependencies: every import points the allowed way; no folder cycles')
