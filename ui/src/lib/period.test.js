import { describe, expect, it } from 'vitest'
import {
  comparePeriods,
  cumulativePeriods,
  expectedPeriods,
  groupPeriodsByYear,
  latestPeriod,
  parsePeriod,
  periodCode,
  periodLabel,
  periodShortLabel,
} from './period.js'

describe('period codes', () => {
  it('reads every canonical form', () => {
    expect(parsePeriod('2019')).toEqual({ year: 2019, from: 1, to: 12 })
    expect(parsePeriod('2020-H1')).toEqual({ year: 2020, from: 1, to: 6 })
    expect(parsePeriod('2020-Q2')).toEqual({ year: 2020, from: 4, to: 6 })
    expect(parsePeriod('2020-03')).toEqual({ year: 2020, from: 3, to: 3 })
    expect(parsePeriod('2020-01..09')).toEqual({ year: 2020, from: 1, to: 9 })
  })
  it('refuses what is not a period', () => {
    expect(parsePeriod('2020-Q5')).toBeNull()
    expect(parsePeriod('2020-13')).toBeNull()
    expect(parsePeriod('2020-05..03')).toBeNull()
    expect(parsePeriod('')).toBeNull()
  })
  it('writes canonical codes', () => {
    expect(periodCode(2020, 1, 3)).toBe('2020-Q1')
    expect(periodCode(2020, 1, 6)).toBe('2020-H1')
    expect(periodCode(2020, 1, 12)).toBe('2020')
    expect(periodCode(2020, 1, 2)).toBe('2020-01..02')
    expect(periodCode(2020, 3, 3)).toBe('2020-03')
  })
})

describe('period labels', () => {
  it('writes Chinese as bulletins do', () => {
    expect(periodLabel('2019')).toBe('2019年')
    expect(periodLabel('2020-Q1')).toBe('2020年一季度')
    expect(periodLabel('2020-H1')).toBe('2020年上半年')
    expect(periodLabel('2020-01..09')).toBe('2020年前三季度')
    expect(periodLabel('2020-01..02')).toBe('2020年1-2月')
    expect(periodLabel('2020-01..04')).toBe('2020年1-4月')
    expect(periodLabel('2020-03')).toBe('2020年3月')
  })
  it('writes English', () => {
    expect(periodLabel('2020-Q1', 'en')).toBe('Q1 2020')
    expect(periodLabel('2020-01..04', 'en')).toBe('Jan-Apr 2020')
    expect(periodLabel('2019', 'en')).toBe('2019')
  })
  it('writes short labels within a year for chart axes', () => {
    expect(periodShortLabel('2019')).toBe('全年')
    expect(periodShortLabel('2019-01..02')).toBe('1-2月')
    expect(periodShortLabel('2019-Q1')).toBe('一季度')
    expect(periodShortLabel('2019', 'en')).toBe('Year')
    expect(periodShortLabel('2019-H1', 'en')).toBe('H1')
  })
  it('returns unknown codes unchanged', () => {
    expect(periodLabel('next year')).toBe('next year')
  })
})

describe('period order', () => {
  it('orders by year, then end month, the cumulative span first', () => {
    const codes = ['2020-Q1', '2019', '2019-Q2', '2019-H1', '2019-01..02', '2020-01..02']
    expect([...codes].sort(comparePeriods)).toEqual(['2019-01..02', '2019-H1', '2019-Q2', '2019', '2020-01..02', '2020-Q1'])
  })
  it('finds the latest period', () => {
    expect(latestPeriod(['2019', '2020-Q1', '2020-01..02'])).toBe('2020-Q1')
    expect(latestPeriod([])).toBe('')
  })
  it('groups by year, newest first', () => {
    expect(groupPeriodsByYear(['2019', '2020-Q1', '2019-Q1'])).toEqual([
      { year: 2020, periods: ['2020-Q1'] },
      { year: 2019, periods: ['2019-Q1', '2019'] },
    ])
  })
})

describe('published periods', () => {
  it('lists the year-to-date spans of a year', () => {
    const c = cumulativePeriods(2019)
    expect(c).toHaveLength(12)
    expect(c.slice(0, 3)).toEqual(['2019-01', '2019-01..02', '2019-Q1'])
    expect(c[11]).toBe('2019')
  })
  it('knows a monthly cumulative indicator starts with 1-2月 unless January stands alone', () => {
    const monthly = { frequency: 'month', cumulative: true, january_alone: false }
    expect(expectedPeriods(monthly, 2019)[0]).toBe('2019-01..02')
    expect(expectedPeriods(monthly, 2019)).toHaveLength(11)
    expect(expectedPeriods({ ...monthly, january_alone: true }, 2019)[0]).toBe('2019-01')
  })
  it('knows quarterly GDP is published for 一季度, 上半年, 前三季度 and the year', () => {
    expect(expectedPeriods({ frequency: 'quarter', cumulative: true }, 2019)).toEqual(['2019-Q1', '2019-H1', '2019-01..09', '2019'])
  })
  it('lists single quarters for a quarterly series that is not cumulative', () => {
    expect(expectedPeriods({ frequency: 'quarter', cumulative: false }, 2020)).toEqual(['2020-Q1', '2020-Q2', '2020-Q3', '2020-Q4'])
  })
})
