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
