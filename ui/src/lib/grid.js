// The data grid's rows and checks, apart from the page so that they can be tested.
import { parseNumberInput } from './format.js'
import { comparePeriods, expectedPeriods, parsePeriod } from './period.js'

export const FIELDS = ['value', 'growth']

export const rowKey = (o) => `${o.unit}|${o.indicator}|${o.period}`

// unitRows: one unit, rows indicator × period of a year: the periods the indicator is
// published for and any other period that has an observation.
export function unitRows(unit, year, indicators, observations) {
  const byKey = new Map(observations.map((o) => [rowKey(o), o]))
  const rows = []
  for (const ind of indicators) {
    const observed = observations
      .filter((o) => o.indicator === ind.code && parsePeriod(o.period)?.year === year)
      .map((o) => o.period)
    const periods = [...new Set([...expectedPeriods(ind, year), ...observed])].sort(comparePeriods)
    for (const period of periods) {
      const key = rowKey({ unit, indicator: ind.code, period })
      rows.push({ key, unit, indicator: ind.code, period, obs: byKey.get(key) || null })
    }
  }
  return rows
}

// periodRows: one period, rows unit × indicator: the indicators published for that period
// (by frequency) and any that has an observation.
export function periodRows(period, units, indicators, observations) {
  const byKey = new Map(observations.map((o) => [rowKey(o), o]))
  const p = parsePeriod(period)
  const rows = []
  for (const unit of units) {
    for (const ind of indicators) {
      const key = rowKey({ unit, indicator: ind.code, period })
      const obs = byKey.get(key) || null
      const expected = p ? expectedPeriods(ind, p.year).includes(period) : false
      if (obs || expected) rows.push({ key, unit, indicator: ind.code, period, obs })
    }
  }
  return rows
}

// checkCell says what is wrong with a cell's text ('' when nothing): a number or empty,
// growth not below -100%, no negative value where the indicator allows none.
export function checkCell(field, text, indicator) {
  const { ok, value } = parseNumberInput(text)
  if (!ok) return 'invalidNumber'
  if (value == null) return ''
  if (field === 'growth' && value < -100) return 'growthTooLow'
  if (field === 'value' && value < 0 && indicator && indicator.allow_negative === false) return 'negativeValue'
  return ''
}

// cellText writes a stored number for editing: exactly as stored, no rounding.
export const cellText = (x) => (typeof x === 'number' && Number.isFinite(x) ? String(x) : '')

// buildWrites turns the edits ({key: {value?: text, growth?: text}}) into the observations to
// PUT and the keys to DELETE (a figure whose value and growth are both cleared).
export function buildWrites(edits, rowsByKey) {
  const observations = []
  const deletes = []
  const keys = []
  for (const [key, edit] of Object.entries(edits)) {
    const row = rowsByKey.get(key)
    if (!row) continue
    const base = row.obs
    const pick = (f) => (f in edit ? parseNumberInput(edit[f]).value : base ? base[f] ?? null : null)
    const value = pick('value')
    const growth = pick('growth')
    if (value == null && growth == null) {
      if (base) deletes.push({ unit: row.unit, indicator: row.indicator, period: row.period })
      continue
    }
    const o = { unit: row.unit, indicator: row.indicator, period: row.period, value, growth }
    if (base) {
      if (base.status) o.status = base.status
      o.source = base.source || ''
      o.note = base.note || ''
    }
    observations.push(o)
    keys.push(key)
  }
  return { observations, deletes, keys }
}
