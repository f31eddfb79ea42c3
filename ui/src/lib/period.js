// Period codes as the API writes them: 2019 (year), 2020-H1, 2020-Q1, 2020-03 (a month),
// 2020-01..09 (any other span of months within a year). This module only reads and labels
// codes for display and ordering; the server remains the judge of what a period is.

const CODE = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2})(?:\.\.(\d{2}))?)?$/

// parsePeriod returns {year, from, to} (months 1-12) or null for a code it cannot read.
export function parsePeriod(code) {
  const m = CODE.exec(String(code ?? '').trim())
  if (!m) return null
  const year = Number(m[1])
  const part = m[2]
  if (!part) return { year, from: 1, to: 12 }
  if (part[0] === 'H') {
    const h = Number(part[1])
    return m[3] ? null : { year, from: h === 1 ? 1 : 7, to: h === 1 ? 6 : 12 }
  }
  if (part[0] === 'Q') {
    const q = Number(part[1])
    return m[3] ? null : { year, from: 3 * q - 2, to: 3 * q }
  }
  const from = Number(part)
  const to = m[3] ? Number(m[3]) : from
  if (from < 1 || from > 12 || to < from || to > 12) return null
  return { year, from, to }
}

// periodCode writes the canonical code of a span, as the server does.
export function periodCode(year, from, to) {
  const pad = (n) => String(n).padStart(2, '0')
  if (from === 1 && to === 12) return String(year)
  if (from === 1 && to === 6) return `${year}-H1`
  if (from === 7 && to === 12) return `${year}-H2`
  if (to === from + 2 && (from - 1) % 3 === 0) return `${year}-Q${(from + 2) / 3}`
  if (from === to) return `${year}-${pad(from)}`
  return `${year}-${pad(from)}..${pad(to)}`
}

const ZH_QUARTERS = ['一', '二', '三', '四']
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

// periodLabel names a period the way a bulletin does: 2019年, 2020年一季度, 2020年1-4月,
// 2020年前三季度; in English Q1 2020, Jan-Apr 2020. Unknown codes are returned as they are.
export function periodLabel(code, lang = 'zh-CN') {
  const p = parsePeriod(code)
  if (!p) return String(code ?? '')
  const { year, from, to } = p
  const en = String(lang).startsWith('en')
  if (from === 1 && to === 12) return en ? String(year) : `${year}年`
  if (from === 1 && to === 6) return en ? `H1 ${year}` : `${year}年上半年`
  if (from === 7 && to === 12) return en ? `H2 ${year}` : `${year}年下半年`
  if (to === from + 2 && (from - 1) % 3 === 0) {
    const q = (from + 2) / 3
    return en ? `Q${q} ${year}` : `${year}年${ZH_QUARTERS[q - 1]}季度`
  }
  if (from === 1 && to === 9) return en ? `Q1-Q3 ${year}` : `${year}年前三季度`
  if (from === to) return en ? `${EN_MONTHS[from - 1]} ${year}` : `${year}年${from}月`
  return en ? `${EN_MONTHS[from - 1]}-${EN_MONTHS[to - 1]} ${year}` : `${year}年${from}-${to}月`
}

// comparePeriods orders periods by year, then by their last month, then the longer span
// first (so 2019-H1 comes before 2019-Q2); unreadable codes go last, by text.
export function comparePeriods(a, b) {
  const p = parsePeriod(a)
  const q = parsePeriod(b)
  if (!p || !q) return p ? -1 : q ? 1 : String(a).localeCompare(String(b))
  return p.year - q.year || p.to - q.to || p.from - q.from
}

// latestPeriod is the last period in time; among periods ending in the same month the
// longest (the year-to-date one).
export function latestPeriod(codes) {
  const sorted = [...codes].filter((c) => parsePeriod(c)).sort(comparePeriods)
  return sorted.length ? sorted[sorted.length - 1] : ''
}

// cumulativePeriods lists the year-to-date spans of a year, January to each month, as codes.
export function cumulativePeriods(year) {
  const out = []
  for (let to = 1; to <= 12; to++) out.push(periodCode(year, 1, to))
  return out
}

// expectedPeriods lists the periods an indicator is published for in a year, from its
// frequency, whether it is cumulative, and whether January is published alone.
export function expectedPeriods(indicator, year) {
  const freq = indicator?.frequency || 'month'
  const cumulative = indicator?.cumulative !== false
  const step = freq === 'quarter' ? 3 : freq === 'year' ? 12 : 1
  const out = []
  for (let to = step; to <= 12; to += step) {
    if (cumulative) {
      if (step === 1 && to === 1 && !indicator?.january_alone) continue
      out.push(periodCode(year, 1, to))
    } else {
      out.push(periodCode(year, to - step + 1, to))
    }
  }
  return out
}

// groupPeriodsByYear returns [{year, periods}] with the newest year first and the periods of
// a year in time order, for grouped selectors.
export function groupPeriodsByYear(codes) {
  const years = new Map()
  for (const c of [...new Set(codes)].sort(comparePeriods)) {
    const p = parsePeriod(c)
    const y = p ? p.year : 0
    if (!years.has(y)) years.set(y, [])
    years.get(y).push(c)
  }
  return [...years.entries()].sort((a, b) => b[0] - a[0]).map(([year, periods]) => ({ year, periods }))
}

// periodShortLabel names a period within its year, for chart axes: 1-2月, 一季度, 全年
// (Jan-Feb, Q1, Year).
export function periodShortLabel(code, lang = 'zh-CN') {
  const p = parsePeriod(code)
  if (!p) return String(code ?? '')
  const en = String(lang).startsWith('en')
  if (p.from === 1 && p.to === 12) return en ? 'Year' : '全年'
  const full = periodLabel(code, lang)
  return en ? full.replace(` ${p.year}`, '') : full.replace(`${p.year}年`, '')
}
