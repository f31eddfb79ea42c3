// What the dashboard shows for a unit and a period, in the shape of GET /api/v1/dashboard:
// {unit, period, period_name, ref, cards, peers, trend, lead, periods}. When the server does
// not offer that endpoint yet, the same shape is composed from /observations, /query and
// /brief (four requests instead of one).
import { getBrief, getDashboard, getObservations, getQuery } from '../api.js'
import { catalog, indicatorOf, siblings, unitOf } from '../catalog.js'
import { apiLang } from './urlstate.js'
import { comparePeriods, cumulativePeriods, parsePeriod, periodLabel } from './period.js'
import { isNumber } from './format.js'

let endpointMissing = false

export async function loadDashboard(unit, period, lang, signal) {
  if (!endpointMissing) {
    try {
      return normalize(await getDashboard({ unit, period, lang: apiLang(lang) }, signal))
    } catch (err) {
      if (!err || !err.missingEndpoint) throw err
      endpointMissing = true
    }
  }
  return compose(unit, period, lang, signal)
}

// hasData tells whether a row carries any figure worth a card.
export const hasData = (r) => isNumber(r.value) || isNumber(r.growth)

function normalize(d) {
  const cards = (d.cards || []).map((c) => {
    const def = indicatorOf(c.indicator) || {}
    return {
      ...c,
      name: c.name || def.name || c.indicator,
      name_en: c.name_en || def.name_en || '',
      measure: c.measure ?? def.unit ?? '',
      decimals: Number.isInteger(c.decimals) ? c.decimals : def.decimals,
    }
  })
  return {
    unit: d.unit || null,
    period: d.period,
    period_name: d.period_name || '',
    ref: d.ref || null,
    cards,
    peers: d.peers || [],
    trend: d.trend || [],
    lead: d.lead || '',
    periods: d.periods || [],
  }
}

async function compose(unit, period, lang, signal) {
  const indicators = catalog.indicators.map((i) => i.code)
  const p = parsePeriod(period)
  const year = p ? p.year : null
  const peers = siblings(unit)
  const [obs, now, trend, brief] = await Promise.all([
    getObservations({ unit, limit: 10000 }, signal),
    getQuery({ indicator: indicators, period, unit: peers.length ? peers : unit }, signal),
    year ? getQuery({ indicator: indicators, period: cumulativePeriods(year), unit }, signal) : { rows: [] },
    getBrief({ unit, period, lang: apiLang(lang) }, signal).catch(() => null),
  ])
  return composeDashboard({
    unit,
    period,
    lang,
    observations: obs.observations || [],
    rows: now.rows || [],
    trendRows: trend.rows || [],
    brief,
  })
}

// composeDashboard builds the dashboard from the rows of /query (the unit and its peers for
// the period; the unit through the year-to-date periods of the year) and the briefing.
export function composeDashboard({ unit, period, lang, observations, rows, trendRows, brief }) {
  const order = new Map()
  ;(brief?.figures || []).forEach((f, i) => order.set(f.indicator, i))
  catalog.indicators.forEach((d, i) => {
    if (!order.has(d.code)) order.set(d.code, 1000 + i)
  })
  const own = rows.filter((r) => r.unit === unit)
  own.sort((a, b) => (order.get(a.indicator) ?? 9999) - (order.get(b.indicator) ?? 9999))
  const cards = own.map((r) => {
    const def = indicatorOf(r.indicator) || {}
    return { ...r, name: def.name || r.indicator, name_en: def.name_en || '', measure: def.unit || '', decimals: def.decimals }
  })
  const byIndicator = new Map()
  for (const r of rows) {
    if (!byIndicator.has(r.indicator)) byIndicator.set(r.indicator, [])
    byIndicator.get(r.indicator).push({ unit: r.unit, unit_name: r.unit_name, value: r.value, growth: r.growth })
  }
  const peers = [...byIndicator.entries()].map(([indicator, list]) => ({ indicator, rows: list }))
  const trendBy = new Map()
  for (const r of trendRows) {
    if (!isNumber(r.growth) && !isNumber(r.ref_growth)) continue
    if (!trendBy.has(r.indicator)) trendBy.set(r.indicator, [])
    trendBy.get(r.indicator).push({ period: r.period, growth: r.growth, ref_growth: r.ref_growth })
  }
  const trend = [...trendBy.entries()].map(([indicator, points]) => ({
    indicator,
    points: points.sort((a, b) => comparePeriods(a.period, b.period)),
  }))
  const refCode = own.find((r) => r.ref)?.ref || unitOf(unit)?.parent || ''
  return {
    unit: unitOf(unit) || { code: unit, name: unit },
    period,
    period_name: periodLabel(period, lang),
    ref: refCode ? unitOf(refCode) || { code: refCode, name: refCode } : null,
    cards,
    peers,
    trend,
    lead: brief?.lead || '',
    periods: [...new Set(observations.map((o) => o.period))].sort(comparePeriods),
  }
}
