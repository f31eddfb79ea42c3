import { describe, expect, it } from 'vitest'
import { buildWrites, checkCell, periodRows, unitRows } from './grid.js'

const gdp = { code: 'gdp', frequency: 'quarter', cumulative: true, allow_negative: false }
const retail = { code: 'retail_sales', frequency: 'month', cumulative: true, january_alone: false, allow_negative: false }
const obs = [
  { unit: '370171', indicator: 'gdp', period: '2019', value: 1150.2, growth: 10.5, status: 'final', source: 's', note: 'n' },
  { unit: '370171', indicator: 'retail_sales', period: '2019-01..02', value: 42.3, growth: 10.1 },
]

describe('grid rows', () => {
  it('lists an indicator × the periods it is published for, with what is stored', () => {
    const rows = unitRows('370171', 2019, [gdp, retail], obs)
    expect(rows.filter((r) => r.indicator === 'gdp').map((r) => r.period)).toEqual(['2019-Q1', '2019-H1', '2019-01..09', '2019'])
    expect(rows.filter((r) => r.indicator === 'retail_sales')).toHaveLength(11)
    expect(rows.find((r) => r.key === '370171|gdp|2019').obs.value).toBe(1150.2)
    expect(rows.find((r) => r.key === '370171|gdp|2019-Q1').obs).toBeNull()
  })
  it('lists units × indicators published for a period', () => {
    const rows = periodRows('2019-01..02', ['370171', '370102'], [gdp, retail], obs)
    expect(rows.map((r) => r.key)).toEqual(['370171|retail_sales|2019-01..02', '370102|retail_sales|2019-01..02'])
  })
})

describe('cell checks', () => {
  it('accepts a number or nothing', () => {
    expect(checkCell('value', '1150.2', gdp)).toBe('')
    expect(checkCell('value', '', gdp)).toBe('')
    expect(checkCell('value', '11a', gdp)).toBe('invalidNumber')
  })
  it('refuses a growth below -100%', () => {
    expect(checkCell('growth', '-100', gdp)).toBe('')
    expect(checkCell('growth', '-100.1', gdp)).toBe('growthTooLow')
  })
  it('refuses a negative value where the indicator allows none', () => {
    expect(checkCell('value', '-1', gdp)).toBe('negativeValue')
    expect(checkCell('value', '-1', { ...gdp, allow_negative: true })).toBe('')
  })
})

describe('writes', () => {
  const rows = unitRows('370171', 2019, [gdp, retail], obs)
  const byKey = new Map(rows.map((r) => [r.key, r]))
  it('sends the whole observation, keeping status, source and note', () => {
    const w = buildWrites({ '370171|gdp|2019': { value: '1151' } }, byKey)
    expect(w.observations).toEqual([
      { unit: '370171', indicator: 'gdp', period: '2019', value: 1151, growth: 10.5, status: 'final', source: 's', note: 'n' },
    ])
    expect(w.keys).toEqual(['370171|gdp|2019'])
  })
  it('creates a new observation from an empty row', () => {
    const w = buildWrites({ '370171|gdp|2019-Q1': { growth: '10.4' } }, byKey)
    expect(w.observations).toEqual([{ unit: '370171', indicator: 'gdp', period: '2019-Q1', value: null, growth: 10.4 }])
  })
  it('deletes a stored observation whose value and growth are both cleared', () => {
    const w = buildWrites({ '370171|gdp|2019': { value: '', growth: '' } }, byKey)
    expect(w.observations).toEqual([])
    expect(w.deletes).toEqual([{ unit: '370171', indicator: 'gdp', period: '2019' }])
  })
})
