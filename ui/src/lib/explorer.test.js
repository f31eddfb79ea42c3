import { describe, expect, it } from 'vitest'
import { chartShape, highlightUnit, referenceOf } from './explorer.js'

const row = (unit, period, growth, extra = {}) => ({ unit, indicator: 'gdp', period, value: 100, growth, ref: '3701', ref_value: 9443.4, ref_growth: 7, ...extra })

describe('chartShape', () => {
  it('draws bars for several units, a line for one unit over periods, and ranks for one unit in one period', () => {
    expect(chartShape([row('370171', '2019', 10.5), row('370102', '2019', 7.6)], 'growth')).toBe('units')
    expect(chartShape([row('370171', '2019-Q1', 10.4), row('370171', '2019-H1', 10.3)], 'growth')).toBe('periods')
    expect(chartShape([row('370171', '2019', 10.5), row('370171', '2019', 9, { indicator: 'retail_sales' })], 'growth')).toBe('ranks')
  })
  it('shows the ranks of one unit even without the figure measured', () => {
    expect(chartShape([row('370171', '2019', null)], 'growth')).toBe('ranks')
    expect(chartShape([row('370171', '2019', null), row('370102', '2019', null)], 'growth')).toBe('none')
    expect(chartShape([], 'growth')).toBe('none')
  })
})

describe('highlightUnit', () => {
  const rows = [row('370171', '2019', 10.5), row('370102', '2019', 7.6)]
  it('takes the first candidate among the rows', () => {
    expect(highlightUnit(rows, ['', '370102', '370171'])).toBe('370102')
    expect(highlightUnit(rows, ['370171-01', undefined, '370171'])).toBe('370171')
  })
  it('marks none when no candidate is shown', () => {
    expect(highlightUnit(rows, ['370171-01'])).toBe('')
  })
})

describe('referenceOf', () => {
  it('gives the reference the rows share and its figure', () => {
    const rows = [row('370171', '2019', 10.5), row('370102', '2019', 7.6)]
    expect(referenceOf(rows, 'growth')).toEqual({ ref: '3701', figure: 7 })
    expect(referenceOf(rows, 'value')).toEqual({ ref: '3701', figure: 9443.4 })
  })
  it('gives none for rows of several references or without one', () => {
    expect(referenceOf([row('370171', '2019', 10.5), row('370171-01', '2019', 3, { ref: '370171', ref_growth: 10.5 })], 'growth')).toBeNull()
    expect(referenceOf([row('370171', '2019', 10.5, { ref: '', ref_growth: null })], 'growth')).toBeNull()
    expect(referenceOf([row('370171', '2019', 10.5, { ref_growth: null })], 'growth')).toBeNull()
  })
})
