// The annual plan apart from its pages: statuses in colours, the bar of completion against
// time progress, the tree narrowed to some statuses, the order supervision chases tasks in,
// reminders per unit, the running sum of a project's monthly reports, the project list's
// filters and order, and the checks of the report forms. The server judges every item; these
// only arrange and show its judgements.
import { compareNumbers, fixed, formatLevel, isNumber, parseNumberInput, roundHalfAway } from './format.js'
import { parsePeriod } from './period.js'

// The statuses of each kind of item, in the order the pages list them, with their colours as
// the plan office marks them. A goal shows the worst status of what lies under it.
export const STATUSES = {
  targets: { achieved: 'green', on_track: 'green', behind: 'yellow', at_risk: 'red', missed: 'red', no_data: 'grey' },
  tasks: { done: 'green', open: 'blue', due_soon: 'yellow', overdue: 'red' },
  projects: { normal: 'green', lagging: 'yellow', not_begun: 'grey' },
}
const KINDS = Object.keys(STATUSES)

const TONE_COLOURS = { green: '#67c23a', blue: '#409eff', yellow: '#e6a23c', red: '#f56c6c', grey: '#909399' }
const TAG_TYPES = { green: 'success', blue: 'primary', yellow: 'warning', red: 'danger', grey: 'info' }
const TONES = Object.assign({}, ...Object.values(STATUSES))

// How serious a status is, as the server ranks them for a goal (the higher, the worse).
const SEVERITY = {
  achieved: 0, done: 0, on_track: 1, normal: 1, open: 1, no_data: 2, not_begun: 2,
  due_soon: 3, behind: 4, lagging: 4, at_risk: 5, overdue: 5, missed: 6,
}
const severity = (status) => SEVERITY[status] ?? 2

export const statusTone = (status) => TONES[status] || 'grey'
export const toneColour = (tone) => TONE_COLOURS[tone] || TONE_COLOURS.grey
export const toneTagType = (tone) => TAG_TYPES[tone] || 'info'

// A lagging project is red when it missed a date (to start, to operate, to report), as an
// overdue task is; yellow when only its pace or the project office's flag says so, as a target
// behind is.
const MISSED_DATES = ['start_overdue', 'operation_overdue', 'not_reported']
export function projectTone(pp) {
  if (pp && pp.status === 'lagging' && (pp.reasons || []).some((r) => MISSED_DATES.includes(r))) return 'red'
  return statusTone(pp && pp.status)
}

const clamp = (x) => Math.min(100, Math.max(0, x))

// progressBar places a completion on a bar from 0 to 100% with a marker at time progress:
// fill and marker in percent of the bar's width; over says the completion is past 100%,
// behind that it falls short of time progress.
export function progressBar(completion, timeProgress) {
  const known = isNumber(completion)
  const timed = isNumber(timeProgress)
  return {
    fill: known ? roundHalfAway(clamp(completion), 1) : 0,
    marker: timed ? roundHalfAway(clamp(timeProgress), 1) : null,
    known,
    over: known && completion > 100,
    behind: known && timed && completion < timeProgress,
  }
}

// percentText: 55.0%; '' without a figure.
export const percentText = (x) => (isNumber(x) ? `${fixed(x, 1)}%` : '')
// pointsText: +13.3, -8.3, 0.0 (points ahead of or behind time progress).
export function pointsText(x) {
  if (!isNumber(x)) return ''
  const r = roundHalfAway(x, 1)
  return r > 0 ? `+${r.toFixed(1)}` : r.toFixed(1)
}
// moneyText writes an amount of 亿元 to two decimals, as the ledger does (0.23, 247.60).
export const moneyText = (x) => fixed(x, 2)

// targetFigure writes a target's figure in its measure: a growth as 7.5%, a level to its
// indicator's decimals (45.2). A figure set by people (a target of 80亿元, a floor of 6.5%)
// is written as set, without padding zeros (plain).
export function targetFigure(x, measure, decimals, plain = false) {
  if (!isNumber(x)) return ''
  if (plain) {
    const d = Number.isInteger(decimals) && decimals > 2 ? decimals : 2
    const text = String(roundHalfAway(x, d))
    return measure === 'growth' ? `${text}%` : text
  }
  return measure === 'growth' ? `${fixed(x, 1)}%` : formatLevel(x, decimals)
}

// daysLeft says how a deadline stands: { key, n } for the messages plan.days.left/today/overdue.
export function daysLeft(days) {
  if (!Number.isInteger(days)) return null
  if (days > 0) return { key: 'left', n: days }
  if (days === 0) return { key: 'today', n: 0 }
  return { key: 'overdue', n: -days }
}

// isZeroTime tells a time that was never set (0001-01-01T00:00:00Z: a report loaded from a
// file rather than entered) from a real one.
export const isZeroTime = (s) => !(Number(String(s || '').slice(0, 4)) >= 1900)

// asOfPeriod is the period of the figure a target was judged on, or '' when there was none.
export const asOfPeriod = (s) => (parsePeriod(s) ? String(s) : '')

// statusCounts counts the items of an evaluation by kind and status, every status of a kind
// listed, best first.
export function statusCounts(ev) {
  const out = {}
  for (const kind of KINDS) {
    const counts = Object.fromEntries(Object.keys(STATUSES[kind]).map((s) => [s, 0]))
    for (const item of (ev && ev[kind]) || []) if (item.status in counts) counts[item.status]++
    out[kind] = counts
  }
  return out
}

// filterTree keeps the items whose status is one of statuses, and the goals that still hold
// some; no statuses keeps everything.
export function filterTree(nodes, statuses) {
  const wanted = new Set(statuses || [])
  if (!wanted.size) return nodes || []
  const keep = (items) => (items || []).filter((i) => wanted.has(i.status))
  const walk = (list) =>
    (list || []).flatMap((n) => {
      const node = { ...n, goals: walk(n.goals), targets: keep(n.targets), tasks: keep(n.tasks), projects: keep(n.projects) }
      return node.goals.length + node.targets.length + node.tasks.length + node.projects.length ? [node] : []
    })
  return walk(nodes)
}

// itemCount counts the targets, tasks and projects under a goal, its sub-goals' included.
export const itemCount = (n) =>
  (n.targets || []).length + (n.tasks || []).length + (n.projects || []).length + (n.goals || []).reduce((s, c) => s + itemCount(c), 0)

// goalOptions lists the goals of a tree, depth first, for a picker.
export function goalOptions(nodes, depth = 0) {
  return (nodes || []).flatMap((n) =>
    n.goal && n.goal.code ? [{ code: n.goal.code, name: n.goal.name, depth }, ...goalOptions(n.goals, depth + 1)] : [],
  )
}

// chased is what a task is chased for: its earliest overdue milestone; else, past its
// deadline, the deadline; else the nearer of its next milestone and its deadline.
function chased(tp) {
  const overdue = [...(tp.overdue_milestones || [])].sort((a, b) => a.due.localeCompare(b.due))[0]
  if (overdue) return { due: overdue.due, milestone: overdue }
  const next = tp.next_milestone
  if (next && next.due < tp.task.deadline && tp.status !== 'overdue') return { due: next.due, milestone: next }
  return { due: tp.task.deadline || '', milestone: null }
}

// supervised lists the tasks supervision (督办) chases, each with what it is chased for
// ({tp, due, milestone}): the overdue first, then those due soon, each by the day chased for.
export function supervised(tasks) {
  const rank = { overdue: 0, due_soon: 1 }
  return (tasks || [])
    .filter((tp) => tp.status in rank)
    .map((tp) => ({ tp, ...chased(tp) }))
    .sort((a, b) => rank[a.tp.status] - rank[b.tp.status] || a.due.localeCompare(b.due) || a.tp.task.code.localeCompare(b.tp.task.code))
}

// daysBetween counts the days from one day (2020-05-31) to another; null if either is not a day.
export function daysBetween(from, to) {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  return Number.isFinite(a) && Number.isFinite(b) ? Math.round((b - a) / 86400000) : null
}

// sortByStatus orders items worst first, then by code.
export const sortByStatus = (items, code) =>
  [...(items || [])].sort((a, b) => severity(b.status) - severity(a.status) || code(a).localeCompare(code(b)))

// reminderGroups splits each unit's reminders into the overdue (longest overdue first) and
// those due soon (nearest first); units with something overdue come first.
export function reminderGroups(units) {
  const groups = (units || []).map((u) => {
    const list = u.reminders || []
    const by = (a, b) => a.days_left - b.days_left || a.code.localeCompare(b.code)
    return {
      unit: u.unit,
      unit_name: u.unit_name,
      overdue: list.filter((r) => r.overdue).sort(by),
      soon: list.filter((r) => !r.overdue).sort(by),
    }
  })
  return groups.sort((a, b) => Number(b.overdue.length > 0) - Number(a.overdue.length > 0))
}

// monthly lays a project's reports of its plan year on its twelve months: each month's
// completed investment and the running sum up to the last month reported (as the server adds
// them up), next to the even pace of the annual plan (序时进度).
export function monthly(reports, year, annualPlan) {
  const byMonth = new Map()
  for (const r of reports || []) {
    if (String(r.month).slice(0, 4) === String(year)) byMonth.set(Number(String(r.month).slice(5, 7)), r.completed)
  }
  const last = Math.max(0, ...byMonth.keys())
  const out = []
  let sum = 0
  let any = false
  for (let m = 1; m <= 12; m++) {
    const completed = byMonth.get(m)
    if (isNumber(completed)) {
      sum += completed
      any = true
    }
    out.push({
      month: `${year}-${String(m).padStart(2, '0')}`,
      completed: isNumber(completed) ? completed : null,
      cumulative: any && m <= last ? roundHalfAway(sum, 6) : null,
      pace: isNumber(annualPlan) ? roundHalfAway((annualPlan * m) / 12, 6) : null,
    })
  }
  return out
}

// --- the project list ------------------------------------------------------------------------

const LEVELS = ['province', 'city', 'district']
export const PROJECT_LEVELS = LEVELS
export const PROJECT_TYPES = ['new', 'continuing', 'completing', 'preparatory']

// The columns the list sorts by and what each compares.
const SORTS = {
  code: (p) => p.project.code,
  name: (p) => p.project.name,
  unit: (p) => p.project.unit,
  level: (p) => LEVELS.indexOf(p.project.level),
  type: (p) => PROJECT_TYPES.indexOf(p.project.type),
  total_investment: (p) => p.project.total_investment,
  annual_plan: (p) => p.project.annual_plan,
  cumulative: (p) => p.cumulative,
  completion: (p) => p.completion,
  gap_points: (p) => p.gap_points,
  status: (p) => severity(p.status),
}

// readSort reads ?sort=completion or ?sort=-completion (descending).
export function readSort(s) {
  const v = String(s || '')
  const desc = v.startsWith('-')
  const key = desc ? v.slice(1) : v
  return key in SORTS ? { key, desc } : { key: '', desc: false }
}
export const writeSort = (key, desc) => (key in SORTS ? `${desc ? '-' : ''}${key}` : '')

// sortProjects orders projects by a column, empty figures last either way, then by code.
export function sortProjects(list, { key, desc } = {}) {
  const get = SORTS[key]
  const out = [...(list || [])]
  if (!get) return out
  const sign = desc ? -1 : 1
  return out.sort((a, b) => {
    const x = get(a)
    const y = get(b)
    let c
    if (typeof x === 'string' || typeof y === 'string') c = sign * String(x ?? '').localeCompare(String(y ?? ''), 'zh-CN')
    else if (!isNumber(x) || !isNumber(y)) c = compareNumbers(x, y)
    else c = sign * (x - y)
    return c || a.project.code.localeCompare(b.project.code)
  })
}

// filterProjects keeps the projects of a level, an industry, and only the lagging if asked.
export function filterProjects(list, { level = '', industry = '', lagging = false } = {}) {
  return (list || []).filter(
    (p) => (!level || p.project.level === level) && (!industry || p.project.industry === industry) && (!lagging || p.lagging),
  )
}

// sortSummary orders the groups of a summary by level from the province down; other groupings
// keep the server's order (by code or name).
export function sortSummary(groups, by) {
  const list = [...(groups || [])]
  if (by !== 'level') return list
  const rank = (k) => (LEVELS.includes(k) ? LEVELS.indexOf(k) : LEVELS.length)
  return list.sort((a, b) => rank(a.key) - rank(b.key))
}

export const industries = (list) => [...new Set((list || []).map((p) => p.project.industry).filter(Boolean))].sort()

// --- the report forms ------------------------------------------------------------------------

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

// checkProjectReport checks a month's report on a project as typed: the month (of the project's
// plan year, the only one its reports count in) and the investment completed in it, a number
// not below zero or empty. errors name messages of plan.form; body is what the server takes.
export function checkProjectReport(form, year) {
  const errors = {}
  const month = String(form.month || '')
  const m = MONTH.exec(month)
  if (!m) errors.month = 'monthRequired'
  else if (year && Number(m[1]) !== Number(year)) errors.month = 'monthOutsideYear'
  const completed = parseNumberInput(form.completed)
  if (!completed.ok) errors.completed = 'completedNumber'
  else if (completed.value != null && completed.value < 0) errors.completed = 'completedNegative'
  const body = { completed: completed.ok ? completed.value : null, progress: String(form.progress || '').trim(), problems: String(form.problems || '').trim() }
  if (!errors.completed && body.completed == null && !body.progress && !body.problems) errors.completed = 'reportEmpty'
  return { ok: Object.keys(errors).length === 0, errors, body }
}

// checkTaskReport checks a month's report on a task: the month, a percent from 0 to 100 or
// empty, the links one a line; a report says something.
export function checkTaskReport(form) {
  const errors = {}
  if (!MONTH.test(String(form.month || ''))) errors.month = 'monthRequired'
  const percent = parseNumberInput(form.percent)
  if (!percent.ok) errors.percent = 'percentNumber'
  else if (percent.value != null && (percent.value < 0 || percent.value > 100)) errors.percent = 'percentRange'
  const links = String(form.links || '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  const body = { percent: percent.ok ? percent.value : null, text: String(form.text || '').trim(), links }
  if (!errors.percent && body.percent == null && !body.text && !links.length) errors.text = 'reportEmpty'
  return { ok: Object.keys(errors).length === 0, errors, body }
}

const PROJECT_TEXTS = [
  'name', 'goal', 'owner', 'unit', 'industry', 'level', 'type', 'planned_start', 'actual_start', 'planned_completion',
  'actual_completion', 'planned_operation', 'actual_operation', 'progress', 'leader', 'responsible_unit', 'problems',
]

// projectForm is a project record as its edit form holds it: amounts as text.
export function projectForm(p) {
  const form = Object.fromEntries(PROJECT_TEXTS.map((k) => [k, (p && p[k]) || '']))
  form.year = p && Number.isInteger(p.year) ? p.year : null
  form.total_investment = numberField(p && p.total_investment)
  form.annual_plan = numberField(p && p.annual_plan)
  form.lagging = Boolean(p && p.lagging)
  return form
}

// checkProject checks a project record as edited: a name, a unit, a plan year, amounts that
// are numbers not below zero or empty. body is the record PUT /plan/projects/{code} takes.
export function checkProject(form) {
  const errors = {}
  const body = Object.fromEntries(PROJECT_TEXTS.map((k) => [k, String(form[k] ?? '').trim()]))
  if (!body.name) errors.name = 'nameRequired'
  if (!body.unit) errors.unit = 'unitRequired'
  const year = Number(form.year)
  if (!Number.isInteger(year) || year < 1900 || year > 2200) errors.year = 'yearInvalid'
  body.year = Number.isInteger(year) ? year : 0
  for (const k of ['total_investment', 'annual_plan']) {
    const n = parseNumberInput(form[k])
    if (!n.ok) errors[k] = 'amountNumber'
    else if (n.value != null && n.value < 0) errors[k] = 'amountNegative'
    body[k] = n.ok ? n.value : null
  }
  body.lagging = Boolean(form.lagging)
  return { ok: Object.keys(errors).length === 0, errors, body }
}

// numberField writes a stored figure into a text field; '' for none.
export const numberField = (x) => (isNumber(x) ? String(x) : '')
