// ECharts with only what zoneboard draws: bar and line charts on a grid, with tooltips,
// legends and reference lines, rendered as SVG (crisp at every size, and its texts can be read
// back by the browser tests) or on canvas; and the rules that keep a chart's texts from running into each
// other at any width.
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'
import { LabelLayout } from 'echarts/features'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer, CanvasRenderer, LabelLayout])

export { echarts }

export const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
export const PALETTE = ['#1f5fbf', '#e6a23c', '#67c23a', '#909399', '#9b59b6', '#f56c6c', '#17a2b8', '#8d6e63']
// the colour of the unit looked at, and of its peers beside it
export const HIGHLIGHT = PALETTE[0]
export const MUTED = '#b3c7e6'
// the colour of the reference (the city) wherever it is drawn
export const REFERENCE = PALETTE[1]

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/

// textWidth estimates the width in pixels of a label at a font size: a Chinese character is
// as wide as the font is high, a Latin letter or digit a little over half of it.
export function textWidth(text, fontSize = 12) {
  let w = 0
  for (const ch of String(text ?? '')) w += WIDE.test(ch) ? fontSize : fontSize * 0.6
  return Math.ceil(w)
}

// shortName cuts a name to at most max characters' width (a Latin letter counts half), ending
// it with "…"; the full name stays in the tooltip.
export function shortName(name, max) {
  const s = String(name ?? '')
  if (!(max > 0) || textWidth(s, 2) <= max * 2) return s
  let out = ''
  let w = 0
  for (const ch of s) {
    const cw = WIDE.test(ch) ? 2 : 1.2
    if (w + cw > (max - 1) * 2) break
    out += ch
    w += cw
  }
  return out + '…'
}

// categoryLabels decides how the labels of a category axis along the bottom of a chart of a
// given width are drawn so that neighbours never touch: level when each fits its slot, else
// turned 45°, shortened to fit the room below the chart when even that is not enough, and
// every other one left out (interval) when the slots are narrower than a line of text.
// It returns the axisLabel of ECharts and the names as drawn.
export function categoryLabels(names, width, { fontSize = 12, gap = 6, maxRotatedChars = 6 } = {}) {
  const n = Math.max(names.length, 1)
  const slot = Math.max(width, 1) / n
  const widest = Math.max(0, ...names.map((s) => textWidth(s, fontSize)))
  if (widest + gap <= slot) {
    return { names: [...names], axisLabel: { interval: 0, rotate: 0, hideOverlap: true, fontSize } }
  }
  // turned 45°, labels stand one line's height apart times √2
  const lineStep = (fontSize + 2) * Math.SQRT2
  const interval = slot >= lineStep ? 0 : Math.ceil(lineStep / slot) - 1
  const short = names.map((s) => shortName(s, maxRotatedChars))
  // a turned label hangs from its tick; the first one reaches left under the value axis's
  // lowest label, so the labels start a little lower than level ones
  return { names: short, axisLabel: { interval, rotate: 45, hideOverlap: true, fontSize, margin: 16 } }
}

// valueTicks is the number of intervals of a value axis of a given length in pixels, so that
// its labels (about labelWidth wide) stand apart.
export function valueTicks(length, labelWidth = 36) {
  return Math.max(2, Math.min(5, Math.floor(length / (labelWidth + 24))))
}

// withoutCollisions adds to an option what ECharts needs to keep texts apart: axis labels and
// series labels that would overlap are hidden, and the grid holds its axis labels.
export function withoutCollisions(option) {
  const axes = (a) => (a == null ? a : Array.isArray(a) ? a.map(axis) : axis(a))
  const axis = (a) => ({ ...a, axisLabel: { hideOverlap: true, ...(a.axisLabel || {}) } })
  const series = (s) => ({ ...s, labelLayout: { hideOverlap: true, ...(s.labelLayout || {}) } })
  const grid = (g) => ({ containLabel: true, ...g })
  return {
    ...option,
    grid: option.grid == null ? option.grid : Array.isArray(option.grid) ? option.grid.map(grid) : grid(option.grid),
    xAxis: axes(option.xAxis),
    yAxis: axes(option.yAxis),
    series: (option.series || []).map(series),
  }
}
