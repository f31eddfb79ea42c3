// ECharts with only what zoneboard draws: bar and line charts on a grid, with tooltips,
// legends and reference lines, rendered on canvas.
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer])

export { echarts }

export const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
export const PALETTE = ['#1f5fbf', '#e6a23c', '#67c23a', '#909399', '#9b59b6', '#f56c6c', '#17a2b8', '#8d6e63']
