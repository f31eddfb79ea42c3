// The explorer's columns (the query's, in the contract's order) and how each is shown.
import { fixed, formatLevel, formatMultiple, formatPercent, formatPoints, isNumber } from './format.js'

export const QUERY_COLUMNS = [
  'unit',
  'unit_name',
  'indicator',
  'period',
  'value',
  'growth',
  'growth_source',
  'ref',
  'ref_value',
  'ref_growth',
  'share_of_ref',
  'gap_pp',
  'multiple',
  'rank_by_value',
  'rank_by_growth',
  'peers',
]

export const NUMERIC_COLUMNS = new Set([
  'value',
  'growth',
  'ref_value',
  'ref_growth',
  'share_of_ref',
  'gap_pp',
  'multiple',
  'rank_by_value',
  'rank_by_growth',
  'peers',
])

const int = (x) => (Number.isInteger(x) ? String(x) : isNumber(x) ? fixed(x, 0) : '')

// formatCell writes one number of a query row as bulletins print it; decimals is the row's
// indicator's.
export function formatCell(column, row, decimals) {
  const x = row[column]
  switch (column) {
    case 'value':
    case 'ref_value':
      return formatLevel(x, decimals)
    case 'growth':
    case 'ref_growth':
    case 'share_of_ref':
      return formatPercent(x)
    case 'gap_pp':
      return formatPoints(x)
    case 'multiple':
      return formatMultiple(x)
    case 'rank_by_value':
    case 'rank_by_growth':
      return int(x)
    case 'peers':
      return isNumber(x) && x > 0 ? int(x) : ''
    default:
      return x == null ? '' : String(x)
  }
}

// queryParams turns the explorer's state into the parameters of GET /api/v1/query.
export function queryParams(state) {
  const p = { indicator: state.indicator, period: state.period }
  if (state.group) p.group = state.group
  else if (state.unit && state.unit.length) p.unit = state.unit
  if (state.ref) p.ref = state.ref
  if (state.peers) p.peers = state.peers
  return p
}

// chartShape decides what the explorer draws for the rows of a query: one unit in one period
// is no chart but its ranks among its peers ('ranks'); several units are bars, one per unit
// ('units'); one unit over several periods is a line ('periods').
export function chartShape(rows, measure) {
  const list = rows.filter((r) => isNumber(r[measure]))
  if (!list.length) {
    const one = (key) => new Set(rows.map((r) => r[key])).size === 1
    return rows.length && one('unit') && one('period') ? 'ranks' : 'none'
  }
  const units = new Set(list.map((r) => r.unit))
  const periods = new Set(list.map((r) => r.period))
  if (units.size > 1) return 'units'
  return periods.size > 1 ? 'periods' : 'ranks'
}

// highlightUnit is the unit the explorer marks among the rows: the first of the candidates (the
// one asked for, the one looked at last, the home unit) that is among them, else none.
export function highlightUnit(rows, candidates) {
  const units = new Set(rows.map((r) => r.unit))
  return candidates.find((c) => c && units.has(c)) || ''
}

// referenceOf gives the reference of rows that share one (the city of every district): its
// code and the figure of the measure; null when the rows have none or several.
export function referenceOf(rows, measure) {
  const key = measure === 'value' ? 'ref_value' : 'ref_growth'
  const refs = new Set(rows.map((r) => r.ref).filter(Boolean))
  if (refs.size !== 1) return null
  const ref = [...refs][0]
  const figures = new Set(rows.filter((r) => r.ref === ref && isNumber(r[key])).map((r) => r[key]))
  return figures.size === 1 ? { ref, figure: [...figures][0] } : null
}
