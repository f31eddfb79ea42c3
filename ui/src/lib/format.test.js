import { describe, expect, it } from 'vitest'
import {
  compareNumbers,
  fixed,
  formatLevel,
  formatMultiple,
  formatPercent,
  formatPoints,
  gapText,
  growthText,
  multipleText,
  ordinal,
  parseNumberInput,
  rankAmongText,
  rankText,
  refLabel,
  roundHalfAway,
  shareText,
} from './format.js'

describe('numbers as published', () => {
  it('writes levels to the indicator decimals', () => {
    expect(formatLevel(1150.2, 1)).toBe('1150.2')
    expect(formatLevel(298, 1)).toBe('298.0')
    expect(formatLevel(65595, 0)).toBe('65595')
    expect(formatLevel(1291.54, 2)).toBe('1291.54')
    expect(formatLevel(1291.545, 1)).toBe('1291.5')
  })
  it('falls back to one decimal when the indicator has none', () => {
    expect(formatLevel(12.345, undefined)).toBe('12.3')
  })
  it('leaves empty figures empty, never zero', () => {
    expect(formatLevel(null, 1)).toBe('')
    expect(formatLevel(undefined, 1)).toBe('')
    expect(formatPercent(null)).toBe('')
    expect(formatMultiple(undefined)).toBe('')
  })
  it('rounds halves away from zero without binary noise', () => {
    expect(roundHalfAway(1.005, 2)).toBe(1.01)
    expect(roundHalfAway(-2.25, 1)).toBe(-2.3)
    expect(roundHalfAway(2.25, 1)).toBe(2.3)
    expect(fixed(0.05, 1)).toBe('0.1')
  })
  it('never writes minus zero', () => {
    expect(fixed(-0.04, 1)).toBe('0.0')
    expect(formatPoints(-0.0999999999999996)).toBe('-0.1')
  })
  it('writes percentages, points and multiples to one decimal', () => {
    expect(formatPercent(12.1799351928331)).toBe('12.2')
    expect(formatPercent(7)).toBe('7.0')
    expect(formatPoints(22.7)).toBe('22.7')
    expect(formatMultiple(1.27142857142857)).toBe('1.3')
    expect(formatMultiple(1.5)).toBe('1.5')
  })
})

describe('growth wording', () => {
  it('says 增长 for a rise and 下降 for a fall, with the absolute figure', () => {
    expect(growthText(10.5, 'zh-CN')).toBe('增长10.5%')
    expect(growthText(-0.7, 'zh-CN')).toBe('下降0.7%')
    expect(growthText(48.1)).toBe('增长48.1%')
  })
  it('says 持平 when the growth rounds to zero', () => {
    expect(growthText(0, 'zh-CN')).toBe('持平')
    expect(growthText(0.04, 'zh-CN')).toBe('持平')
    expect(growthText(0.04, 'en')).toBe('unchanged')
  })
  it('writes English', () => {
    expect(growthText(9.3, 'en')).toBe('up 9.3%')
    expect(growthText(-13.4, 'en')).toBe('down 13.4%')
  })
  it('is empty without a growth', () => {
    expect(growthText(null, 'zh-CN')).toBe('')
  })
  it('writes the gap in points above or below the reference', () => {
    expect(gapText(22.7, '全市', 'zh-CN')).toBe('高出全市22.7个百分点')
    expect(gapText(-2, '全市', 'zh-CN')).toBe('低于全市2.0个百分点')
    expect(gapText(0.01, '全市', 'zh-CN')).toBe('与全市持平')
    expect(gapText(3.5, 'the city', 'en')).toBe('3.5 points above the city')
  })
  it('says the decline is smaller or larger when both fell', () => {
    expect(gapText(0.4, '全市', 'zh-CN', -0.7, -1.1)).toBe('降幅比全市小0.4个百分点')
    expect(gapText(-2, '全市', 'zh-CN', -3, -1)).toBe('降幅比全市大2.0个百分点')
    expect(gapText(22.7, '全市', 'zh-CN', 9.3, -13.4)).toBe('高出全市22.7个百分点')
    expect(gapText(0.4, 'the city', 'en', -0.7, -1.1)).toBe("a decline 0.4 points smaller than the city's")
  })
  it('writes a multiple only when there is one', () => {
    expect(multipleText(2.3, '全市', 'zh-CN')).toBe('增速是全市的2.3倍')
    expect(multipleText(null, '全市', 'zh-CN')).toBe('')
    expect(multipleText(1.5, 'the city', 'en')).toBe('1.5 times the growth of the city')
  })
  it('writes the share of the reference', () => {
    expect(shareText(52.4, '全市', 'zh-CN')).toBe('占全市52.4%')
    expect(shareText(12.1799351928331, 'the city', 'en')).toBe('12.2% of the city')
  })
})

describe('ranks', () => {
  it('writes 第N位/peers', () => {
    expect(rankText(1, 16, 'zh-CN')).toBe('第1位/16')
    expect(rankText(2, 16, 'zh-CN')).toBe('第2位/16')
  })
  it('writes English ordinals', () => {
    expect(rankText(1, 16, 'en')).toBe('1st of 16')
    expect(rankText(2, 16, 'en')).toBe('2nd of 16')
    expect(rankText(3, 16, 'en')).toBe('3rd of 16')
    expect(rankText(11, 16, 'en')).toBe('11th of 16')
    expect(ordinal(22)).toBe('22nd')
    expect(ordinal(113)).toBe('113th')
  })
  it('is empty without a rank', () => {
    expect(rankText(null, 16, 'zh-CN')).toBe('')
    expect(rankText(0, 16, 'zh-CN')).toBe('')
  })
  it('omits the count when peers is unknown', () => {
    expect(rankText(3, 0, 'zh-CN')).toBe('第3位')
  })
})

describe('references', () => {
  it('names a reference as bulletins do', () => {
    expect(refLabel({ code: '3701', name: '济南市', kind: 'city' }, 'zh-CN')).toBe('全市')
    expect(refLabel({ code: '370171', name: '济南高新区', kind: 'zone' }, 'zh-CN')).toBe('全区')
    expect(refLabel({ code: '37', name: '山东省', kind: 'province' }, 'en')).toBe('the province')
    expect(refLabel({ code: 'x', name: '某部门', name_en: 'A department', kind: 'department' }, 'en')).toBe('A department')
  })
})

describe('sorting', () => {
  it('puts empty figures last', () => {
    const xs = [3, null, 1, undefined, 2].sort(compareNumbers)
    expect(xs.slice(0, 3)).toEqual([1, 2, 3])
  })
})

describe('cell input', () => {
  it('reads numbers, thousands commas and empty cells', () => {
    expect(parseNumberInput('1150.2')).toEqual({ ok: true, value: 1150.2 })
    expect(parseNumberInput(' -0.7 ')).toEqual({ ok: true, value: -0.7 })
    expect(parseNumberInput('1,234.5')).toEqual({ ok: true, value: 1234.5 })
    expect(parseNumberInput('')).toEqual({ ok: true, value: null })
    expect(parseNumberInput('.5')).toEqual({ ok: true, value: 0.5 })
  })
  it('refuses what is not a number', () => {
    expect(parseNumberInput('12,3.4').ok).toBe(false)
    expect(parseNumberInput('abc').ok).toBe(false)
    expect(parseNumberInput('1.2.3').ok).toBe(false)
    expect(parseNumberInput('-').ok).toBe(false)
    expect(parseNumberInput('10%').ok).toBe(false)
  })
})

describe('rankAmongText', () => {
  it('reads a rank out among its peers', () => {
    expect(rankAmongText(2, 12, 'zh-CN')).toBe('第2位/共12个')
    expect(rankAmongText(1, 16, 'en')).toBe('1st of 16')
    expect(rankAmongText(3, null, 'zh-CN')).toBe('第3位')
    expect(rankAmongText(3, 2, 'zh-CN')).toBe('第3位')
    expect(rankAmongText(null, 16, 'zh-CN')).toBe('')
    expect(rankAmongText(0, 16, 'en')).toBe('')
  })
})
