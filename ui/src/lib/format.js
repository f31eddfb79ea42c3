// Numbers and statements as Chinese statistical bulletins print them: levels to the
// indicator's decimals, percentages, points and multiples to one decimal, growth as
// 增长/下降, ranks as 第1位/16. Empty figures print as '' and callers show a dash.

const isEn = (lang) => String(lang || '').startsWith('en')

export function isNumber(x) {
  return typeof x === 'number' && Number.isFinite(x)
}

// roundHalfAway rounds to d decimals, halves away from zero, without the binary noise of
// x * 10^d (1.005 rounds to 1.01, -2.25 to -2.3).
export function roundHalfAway(x, d = 0) {
  if (!isNumber(x)) return NaN
  const f = 10 ** d
  const r = Math.round(Number((Math.abs(x) * f).toPrecision(12))) / f
  return r === 0 ? 0 : Math.sign(x) * r
}

// fixed writes x with exactly d decimals, or '' when x is not a number. Never "-0.0".
export function fixed(x, d = 1) {
  if (!isNumber(x)) return ''
  return roundHalfAway(x, d).toFixed(d)
}

// formatLevel writes a level to its indicator's decimals (1150.2, 65595).
export function formatLevel(x, decimals) {
  const d = Number.isInteger(decimals) && decimals >= 0 && decimals <= 6 ? decimals : 1
  return fixed(x, d)
}

// formatPercent writes a growth or a share to one decimal, without the % sign.
export const formatPercent = (x) => fixed(x, 1)
// formatPoints writes a gap in percentage points to one decimal.
export const formatPoints = (x) => fixed(x, 1)
// formatMultiple writes a multiple of the reference's growth to one decimal.
export const formatMultiple = (x) => fixed(x, 1)

// growthText: 增长10.5% / 下降0.7% / 持平 (up 10.5% / down 0.7% / unchanged).
export function growthText(g, lang) {
  if (!isNumber(g)) return ''
  const r = roundHalfAway(g, 1)
  if (r === 0) return isEn(lang) ? 'unchanged' : '持平'
  const n = Math.abs(r).toFixed(1)
  if (isEn(lang)) return r > 0 ? `up ${n}%` : `down ${n}%`
  return r > 0 ? `增长${n}%` : `下降${n}%`
}

// gapText: 高出全市3.5个百分点 / 低于全市2.0个百分点 / 与全市持平; when both the unit and the
// reference fell (growth and refGrowth given), 降幅比全市小0.4个百分点 as bulletins say.
export function gapText(gap, ref, lang, growth, refGrowth) {
  if (!isNumber(gap)) return ''
  const r = roundHalfAway(gap, 1)
  const n = Math.abs(r).toFixed(1)
  const bothFell = isNumber(growth) && isNumber(refGrowth) && growth < 0 && refGrowth < 0
  if (isEn(lang)) {
    if (r === 0) return `level with ${ref}`
    if (bothFell) return `a decline ${n} points ${r > 0 ? 'smaller' : 'larger'} than ${ref}'s`
    return `${n} points ${r > 0 ? 'above' : 'below'} ${ref}`
  }
  if (r === 0) return `与${ref}持平`
  if (bothFell) return `降幅比${ref}${r > 0 ? '小' : '大'}${n}个百分点`
  return `${r > 0 ? '高出' : '低于'}${ref}${n}个百分点`
}

// multipleText: 增速是全市的1.5倍 (1.5 times the growth of the city): "增速" always, since a card
// also states the share (占全市…), and "是全市的1.5倍" beside it would read as the level. Only for a multiple the
// server gave, which it does only when growth > the reference's growth > 0.
export function multipleText(m, ref, lang) {
  if (!isNumber(m)) return ''
  return isEn(lang) ? `${formatMultiple(m)} times the growth of ${ref}` : `增速是${ref}的${formatMultiple(m)}倍`
}

// shareText: 占全市12.2% (12.2% of the city).
export function shareText(s, ref, lang) {
  if (!isNumber(s)) return ''
  return isEn(lang) ? `${formatPercent(s)}% of ${ref}` : `占${ref}${formatPercent(s)}%`
}

export function ordinal(n) {
  const v = n % 100
  if (v >= 11 && v <= 13) return `${n}th`
  return n + ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th')
}

// rankText: 第1位/16 (1st of 16); '' without a rank.
export function rankText(rank, peers, lang) {
  if (!Number.isInteger(rank) || rank < 1) return ''
  const of = Number.isInteger(peers) && peers > 0 ? peers : null
  if (isEn(lang)) return of ? `${ordinal(rank)} of ${of}` : ordinal(rank)
  return of ? `第${rank}位/${of}` : `第${rank}位`
}

// rankAmongText: 第2位/共12个 (2nd of 12), a rank read out among the peers it was taken in;
// '' without a rank.
export function rankAmongText(rank, peers, lang) {
  if (!Number.isInteger(rank) || rank < 1) return ''
  const of = Number.isInteger(peers) && peers >= rank ? peers : null
  if (isEn(lang)) return of ? `${ordinal(rank)} of ${of}` : ordinal(rank)
  return of ? `第${rank}位/共${of}个` : `第${rank}位`
}

const REF_ZH = { country: '全国', province: '全省', city: '全市', district: '全区', county: '全县', zone: '全区' }
const REF_EN = {
  country: 'the country',
  province: 'the province',
  city: 'the city',
  district: 'the district',
  county: 'the county',
  zone: 'the zone',
}

// refLabel names a reference unit as bulletins do: 全市 for a city, 全区 for a zone; other
// kinds (a park, a department) by name.
export function refLabel(unit, lang) {
  if (!unit) return isEn(lang) ? 'the reference' : '参照单位'
  const words = isEn(lang) ? REF_EN : REF_ZH
  return words[unit.kind] || (isEn(lang) ? unit.name_en || unit.name : unit.name) || unit.code
}

// compareNullsLast sorts numbers with empty figures last in either direction, for tables.
export function compareNumbers(a, b) {
  const x = isNumber(a)
  const y = isNumber(b)
  if (!x || !y) return x ? -1 : y ? 1 : 0
  return a - b
}

// parseNumberInput reads what a person typed into a cell: '' is empty (null), a number
// may have thousands commas and spaces; anything else is an error.
export function parseNumberInput(text) {
  const s = String(text ?? '').trim().replace(/\s+/g, '')
  if (s === '') return { ok: true, value: null }
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(s) || !/\d/.test(s)) return { ok: false, value: null }
  const v = Number(s.replace(/,/g, ''))
  return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, value: null }
}

// formatTime writes a server timestamp (RFC 3339, UTC) in local time: 2020-04-27 09:30.
export function formatTime(s, seconds = false) {
  if (!s) return ''
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) return String(s)
  const p = (n) => String(n).padStart(2, '0')
  const base = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
  return seconds ? `${base}:${p(d.getSeconds())}` : base
}

const MEASURES_EN = { 亿元: '100m yuan', 万元: '10k yuan', 元: 'yuan', 万美元: '10k USD', 亿美元: '100m USD', 家: 'firms', 个: 'units', 人: 'persons', 万人: '10k persons' }

// measureLabel writes a unit of measure in the interface language; the data hold Chinese.
export function measureLabel(measure, lang) {
  if (!isEn(lang)) return measure || ''
  return MEASURES_EN[measure] || measure || ''
}

// capitalize starts an English line with a capital letter (the city → The city).
export const capitalize = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s)
