import { describe, expect, it } from 'vitest'
import { categoryLabels, shortName, textWidth, valueTicks, withoutCollisions } from './charts.js'

const DISTRICTS = ['济南高新区', '先行区', '莱芜高新区', '济阳区', '章丘区', '历城区', '历下区', '槐荫区', '天桥区', '市中区', '平阴县', '长清区', '商河县', '莱芜区', '南部山区', '钢城区']

describe('textWidth', () => {
  it('counts a Chinese character as wide as the font and a digit a little over half', () => {
    expect(textWidth('济南高新区', 12)).toBe(60)
    expect(textWidth('2019', 10)).toBe(24)
    expect(textWidth('', 12)).toBe(0)
  })
})

describe('shortName', () => {
  it('keeps a name that fits and cuts a long one with an ellipsis', () => {
    expect(shortName('历下区', 6)).toBe('历下区')
    expect(shortName('中欧制造业发展中心', 6)).toBe('中欧制造业…')
    expect(shortName('High-tech Zone', 6)).toBe('High-tec…')
    expect(shortName('中欧制造业发展中心', 0)).toBe('中欧制造业发展中心')
  })
})

describe('categoryLabels', () => {
  it('keeps labels level when each fits its slot', () => {
    const { names, axisLabel } = categoryLabels(DISTRICTS, 1100)
    expect(names).toEqual(DISTRICTS)
    expect(axisLabel).toMatchObject({ interval: 0, rotate: 0, hideOverlap: true })
  })
  it('turns them when the slots are narrower than the names, and shortens long ones', () => {
    const { names, axisLabel } = categoryLabels([...DISTRICTS, '中欧制造业发展中心'], 700)
    expect(axisLabel).toMatchObject({ interval: 0, rotate: 45, margin: 16 })
    expect(names.at(-1)).toBe('中欧制造业…')
  })
  it('leaves every other label out when even turned they would touch', () => {
    const { axisLabel } = categoryLabels(DISTRICTS, 260)
    expect(axisLabel.rotate).toBe(45)
    expect(axisLabel.interval).toBeGreaterThanOrEqual(1)
    // what is left stands at least a line's height apart
    expect((260 / 16) * (axisLabel.interval + 1)).toBeGreaterThanOrEqual(14 * Math.SQRT2)
  })
})

describe('valueTicks', () => {
  it('gives a short axis fewer intervals', () => {
    expect(valueTicks(200)).toBe(3)
    expect(valueTicks(1000)).toBe(5)
    expect(valueTicks(50)).toBe(2)
  })
})

describe('withoutCollisions', () => {
  it('hides overlapping labels on every axis and series and holds the labels in the grid', () => {
    const option = withoutCollisions({
      grid: { left: 8 },
      xAxis: { type: 'category', axisLabel: { rotate: 45 } },
      yAxis: [{ type: 'value' }],
      series: [{ type: 'bar' }],
    })
    expect(option.grid).toEqual({ left: 8, containLabel: true })
    expect(option.xAxis.axisLabel).toEqual({ hideOverlap: true, rotate: 45 })
    expect(option.yAxis[0].axisLabel).toEqual({ hideOverlap: true })
    expect(option.series[0].labelLayout).toEqual({ hideOverlap: true })
  })
  it('keeps what the option says itself', () => {
    const option = withoutCollisions({ grid: { containLabel: false }, xAxis: { axisLabel: { hideOverlap: false } }, series: [] })
    expect(option.grid.containLabel).toBe(false)
    expect(option.xAxis.axisLabel.hideOverlap).toBe(false)
    expect(option.yAxis).toBeUndefined()
  })
})
