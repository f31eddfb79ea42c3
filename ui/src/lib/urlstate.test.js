import { describe, expect, it } from 'vitest'
import { apiLang, normalizeLang, queryFromState, readList, resolveLang, sameQuery, stateFromQuery } from './urlstate.js'

const schema = { unit: 'string', period: 'string', indicator: 'list', year: 'int' }

describe('URL state', () => {
  it('reads a bookmarked dashboard address', () => {
    expect(stateFromQuery({ unit: '370171', period: '2019' }, schema)).toEqual({ unit: '370171', period: '2019', indicator: [], year: null })
  })
  it('reads comma-separated lists, trimmed and without repeats', () => {
    expect(stateFromQuery({ indicator: 'gdp, retail_sales,,gdp' }, schema).indicator).toEqual(['gdp', 'retail_sales'])
    expect(readList(['gdp,online_retail', 'imports_exports'])).toEqual(['gdp', 'online_retail', 'imports_exports'])
  })
  it('reads integers and ignores what is not one', () => {
    expect(stateFromQuery({ year: '2019' }, schema).year).toBe(2019)
    expect(stateFromQuery({ year: 'soon' }, schema).year).toBeNull()
  })
  it('takes the first of repeated parameters', () => {
    expect(stateFromQuery({ unit: ['370171', '370102'] }, schema).unit).toBe('370171')
  })
  it('writes a state back, leaving out empty values', () => {
    expect(queryFromState({ unit: '370171', period: '', indicator: ['gdp', 'retail_sales'], year: null }, schema)).toEqual({
      unit: '370171',
      indicator: 'gdp,retail_sales',
    })
  })
  it('keeps parameters it does not own, such as lang', () => {
    expect(queryFromState({ unit: '370171' }, schema, { lang: 'en', unit: 'old', period: '2019' })).toEqual({ lang: 'en', unit: '370171' })
  })
  it('round-trips', () => {
    const q = { unit: '370171', period: '2020-Q1', indicator: 'gdp,online_retail', year: '2020' }
    expect(queryFromState(stateFromQuery(q, schema), schema)).toEqual(q)
  })
  it('compares queries as URLs do', () => {
    expect(sameQuery({ a: '1', b: '' }, { a: '1' })).toBe(true)
    expect(sameQuery({ a: '1' }, { a: '2' })).toBe(false)
    expect(sameQuery({ a: '1' }, { a: '1', c: 'x' })).toBe(false)
  })
})

describe('language', () => {
  it('is Chinese by default', () => {
    expect(resolveLang(null, null)).toBe('zh-CN')
    expect(resolveLang('', 'fr')).toBe('zh-CN')
  })
  it('follows ?lang= before the stored choice', () => {
    expect(resolveLang('en', 'zh-CN')).toBe('en')
    expect(resolveLang('zh', 'en')).toBe('zh-CN')
    expect(resolveLang(null, 'en')).toBe('en')
  })
  it('accepts the usual spellings', () => {
    expect(normalizeLang('en-US')).toBe('en')
    expect(normalizeLang('zh_CN')).toBe('zh-CN')
    expect(normalizeLang('ZH')).toBe('zh-CN')
    expect(normalizeLang('de')).toBe('')
  })
  it('maps to the API language', () => {
    expect(apiLang('en')).toBe('en')
    expect(apiLang('zh-CN')).toBe('zh')
  })
})
