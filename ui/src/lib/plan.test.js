import { describe, expect, it } from 'vitest'
import {
  STATUSES,
  asOfPeriod,
  daysBetween,
  checkProject,
  checkProjectReport,
  checkTaskReport,
  daysLeft,
  filterProjects,
  filterTree,
  goalOptions,
  industries,
  isZeroTime,
  itemCount,
  monthly,
  moneyText,
  percentText,
  pointsText,
  progressBar,
  projectForm,
  projectTone,
  readSort,
  reminderGroups,
  sortByStatus,
  sortProjects,
  sortSummary,
  statusCounts,
  statusTone,
  supervised,
  targetFigure,
  toneTagType,
  writeSort,
} from './plan.js'
import zhCN from '../locales/zh-CN.js'
import en from '../locales/en.js'

describe('statuses', () => {
  it('take the plan office’s colours', () => {
    expect(statusTone('achieved')).toBe('green')
    expect(statusTone('on_track')).toBe('green')
    expect(statusTone('behind')).toBe('yellow')
    expect(statusTone('at_risk')).toBe('red')
    expect(statusTone('missed')).toBe('red')
    expect(statusTone('no_data')).toBe('grey')
    expect(statusTone('done')).toBe('green')
    expect(statusTone('open')).toBe('blue')
    expect(statusTone('due_soon')).toBe('yellow')
    expect(statusTone('overdue')).toBe('red')
    expect(statusTone('normal')).toBe('green')
    expect(statusTone('lagging')).toBe('yellow')
    expect(statusTone('not_begun')).toBe('grey')
    expect(statusTone('something new')).toBe('grey')
    expect(toneTagType('red')).toBe('danger')
    expect(toneTagType('blue')).toBe('primary')
  })
  it('have their words in Chinese and English', () => {
    const words = { achieved: '已完成', on_track: '序时推进', behind: '滞后', at_risk: '预警', missed: '逾期未完成', no_data: '暂无数据',
      done: '已销号', open: '推进中', due_soon: '即将到期', overdue: '已逾期', normal: '正常', lagging: '滞后', not_begun: '未填报' }
    for (const kind of Object.keys(STATUSES)) {
      for (const s of Object.keys(STATUSES[kind])) {
        expect(zhCN.plan.status[s]).toBe(words[s])
        expect(typeof en.plan.status[s]).toBe('string')
      }
    }
  })
  it('name every reason a project lags in both languages', () => {
    for (const r of ['flagged', 'investment_behind', 'start_overdue', 'operation_overdue', 'not_reported']) {
      expect(typeof zhCN.plan.reasons[r], r).toBe('string')
      expect(typeof en.plan.reasons[r], r).toBe('string')
    }
  })
  it('colour a project lagging for a missed date red, one behind in pace yellow', () => {
    expect(projectTone({ status: 'lagging', reasons: ['start_overdue'] })).toBe('red')
    expect(projectTone({ status: 'lagging', reasons: ['investment_behind', 'operation_overdue'] })).toBe('red')
    expect(projectTone({ status: 'lagging', reasons: ['not_reported'] })).toBe('red')
    expect(projectTone({ status: 'lagging', reasons: ['investment_behind'] })).toBe('yellow')
    expect(projectTone({ status: 'lagging', reasons: ['flagged'] })).toBe('yellow')
    expect(projectTone({ status: 'normal', reasons: [] })).toBe('green')
    expect(projectTone(null)).toBe('grey')
  })
})

describe('the progress bar', () => {
  it('fills to the completion and marks time progress', () => {
    expect(progressBar(55, 41.666666)).toEqual({ fill: 55, marker: 41.7, known: true, over: false, behind: false })
    expect(progressBar(15.45, 41.67)).toMatchObject({ fill: 15.5, marker: 41.7, behind: true })
  })
  it('keeps both on the bar: past 100% fills it, below zero leaves it empty', () => {
    expect(progressBar(130, 100)).toMatchObject({ fill: 100, marker: 100, over: true, behind: false })
    expect(progressBar(-9.3, 25)).toMatchObject({ fill: 0, marker: 25, over: false, behind: true })
  })
  it('draws nothing for a missing figure', () => {
    expect(progressBar(null, 41.7)).toEqual({ fill: 0, marker: 41.7, known: false, over: false, behind: false })
    expect(progressBar(50, null)).toMatchObject({ marker: null, behind: false })
  })
  it('writes percents, points and money as the ledger does', () => {
    expect(percentText(54.99999999)).toBe('55.0%')
    expect(percentText(null)).toBe('')
    expect(pointsText(13.333)).toBe('+13.3')
    expect(pointsText(-8.333)).toBe('-8.3')
    expect(pointsText(0.04)).toBe('0.0')
    expect(pointsText(undefined)).toBe('')
    expect(moneyText(0.23)).toBe('0.23')
    expect(moneyText(247.6)).toBe('247.60')
    expect(moneyText(null)).toBe('')
  })
  it('writes a target’s figure in its measure', () => {
    expect(targetFigure(80, 'level', 1)).toBe('80.0')
    expect(targetFigure(118, 'level', 0)).toBe('118')
    expect(targetFigure(7.5, 'growth')).toBe('7.5%')
    expect(targetFigure(null, 'level', 1)).toBe('')
    expect(targetFigure(80, 'level', 1, true)).toBe('80')
    expect(targetFigure(6120, 'level', 0, true)).toBe('6120')
    expect(targetFigure(6.5, 'growth', 1, true)).toBe('6.5%')
    expect(targetFigure(97.625, 'level', 1, true)).toBe('97.63')
  })
  it('says how a deadline stands', () => {
    expect(daysLeft(30)).toEqual({ key: 'left', n: 30 })
    expect(daysLeft(0)).toEqual({ key: 'today', n: 0 })
    expect(daysLeft(-31)).toEqual({ key: 'overdue', n: 31 })
    expect(daysLeft(undefined)).toBe(null)
  })
  it('tells a time never set and a period never judged', () => {
    expect(isZeroTime('0001-01-01T00:00:00Z')).toBe(true)
    expect(isZeroTime('')).toBe(true)
    expect(isZeroTime('2020-06-03T08:00:00Z')).toBe(false)
    expect(asOfPeriod('0-00')).toBe('')
    expect(asOfPeriod('')).toBe('')
    expect(asOfPeriod('2020-Q1')).toBe('2020-Q1')
  })
})

const target = (code, status) => ({ target: { code }, status })
const task = (code, status, { task: fields, ...extra } = {}) => ({
  task: { code, deadline: '2020-12-31', ...fields },
  status,
  overdue_milestones: [],
  next_milestone: null,
  days_left: 100,
  ...extra,
})
const project = (code, status, extra = {}) => ({ project: { code, ...extra.project }, status, ...extra })

const tree = [
  {
    goal: { code: 'G2020', name: '济南高新区2020年发展目标' },
    status: 'at_risk',
    targets: [target('GDP-2020', 'at_risk')],
    tasks: [],
    projects: [],
    goals: [
      { goal: { code: 'G-ZBQ', name: '综合保税区' }, status: 'on_track', targets: [target('ZBQ-TRADE', 'on_track')], tasks: [task('ZJ-SEAL', 'open')], projects: [], goals: [] },
      { goal: { code: 'G-ZO', name: '中欧制造业发展中心' }, status: 'open', targets: [], tasks: [task('JXC-START', 'open')], projects: [project('JXC', 'normal')], goals: [] },
    ],
  },
  { goal: { code: '', name: '未归入目标' }, status: 'lagging', targets: [], tasks: [], projects: [project('ZO-01', 'normal'), project('ZO-05', 'lagging')], goals: [] },
]

describe('the tree', () => {
  it('counts the items by kind and status, every status listed', () => {
    const counts = statusCounts({
      targets: [target('a', 'at_risk'), target('b', 'on_track'), target('c', 'on_track')],
      tasks: [task('t', 'overdue')],
      projects: [project('p', 'lagging'), project('q', 'normal')],
    })
    expect(counts.targets).toEqual({ achieved: 0, on_track: 2, behind: 0, at_risk: 1, missed: 0, no_data: 0 })
    expect(counts.tasks).toEqual({ done: 0, open: 0, due_soon: 0, overdue: 1 })
    expect(counts.projects).toEqual({ normal: 1, lagging: 1, not_begun: 0 })
    expect(statusCounts(null).tasks).toEqual({ done: 0, open: 0, due_soon: 0, overdue: 0 })
  })
  it('keeps the items of the statuses chosen and the goals that hold them', () => {
    expect(filterTree(tree, [])).toBe(tree)
    const lagging = filterTree(tree, ['lagging'])
    expect(lagging).toHaveLength(1)
    expect(lagging[0].projects.map((p) => p.project.code)).toEqual(['ZO-05'])
    const open = filterTree(tree, ['open', 'at_risk'])
    expect(open.map((n) => n.goal.code)).toEqual(['G2020'])
    expect(open[0].targets.map((t) => t.target.code)).toEqual(['GDP-2020'])
    expect(open[0].goals.map((n) => n.goal.code)).toEqual(['G-ZBQ', 'G-ZO'])
    expect(open[0].goals[1].projects).toEqual([])
    expect(filterTree(tree, ['missed'])).toEqual([])
    expect(tree[1].projects).toHaveLength(2)
  })
  it('counts what lies under a goal and lists the goals for a picker', () => {
    expect(itemCount(tree[0])).toBe(5)
    expect(goalOptions(tree)).toEqual([
      { code: 'G2020', name: '济南高新区2020年发展目标', depth: 0 },
      { code: 'G-ZBQ', name: '综合保税区', depth: 1 },
      { code: 'G-ZO', name: '中欧制造业发展中心', depth: 1 },
    ])
  })
})

describe('supervision', () => {
  it('chases the overdue first, then those due soon, each by the day chased for', () => {
    const list = [
      task('OPEN', 'open'),
      task('SOON-B', 'due_soon', { task: { deadline: '2020-06-05' } }),
      task('LATE-M', 'overdue', { task: { deadline: '2020-12-31' }, overdue_milestones: [{ name: '获批', due: '2020-03-31' }] }),
      task('SOON-A', 'due_soon', { task: { deadline: '2020-12-31' }, next_milestone: { name: '注册', due: '2020-06-01' } }),
      task('LATE-D', 'overdue', { task: { deadline: '2020-04-30' } }),
      task('DONE', 'done'),
    ]
    const chased = supervised(list)
    expect(chased.map((c) => c.tp.task.code)).toEqual(['LATE-M', 'LATE-D', 'SOON-A', 'SOON-B'])
    expect(chased.map((c) => c.due)).toEqual(['2020-03-31', '2020-04-30', '2020-06-01', '2020-06-05'])
    expect(chased.map((c) => c.milestone && c.milestone.name)).toEqual(['获批', null, '注册', null])
    expect(supervised(null)).toEqual([])
  })
  it('counts the days to a day', () => {
    expect(daysBetween('2020-05-31', '2020-06-30')).toBe(30)
    expect(daysBetween('2020-05-31', '2020-05-31')).toBe(0)
    expect(daysBetween('2020-05-31', '2020-03-31')).toBe(-61)
    expect(daysBetween('2020-05-31', '')).toBe(null)
  })
  it('orders items worst first', () => {
    const list = [project('A', 'normal'), project('B', 'lagging'), project('C', 'not_begun')]
    expect(sortByStatus(list, (p) => p.project.code).map((p) => p.project.code)).toEqual(['B', 'C', 'A'])
  })
  it('groups reminders by unit, the overdue apart, units with overdue items first', () => {
    const r = (code, days) => ({ code, days_left: days, overdue: days < 0, kind: 'task' })
    const groups = reminderGroups([
      { unit: '370171', unit_name: '济南高新区', reminders: [r('B', 30), r('A', 0)] },
      { unit: '370171-01', unit_name: '综合保税区', reminders: [r('S', 5), r('O2', -3), r('O1', -40)] },
    ])
    expect(groups.map((g) => g.unit)).toEqual(['370171-01', '370171'])
    expect(groups[0].overdue.map((x) => x.code)).toEqual(['O1', 'O2'])
    expect(groups[0].soon.map((x) => x.code)).toEqual(['S'])
    expect(groups[1].overdue).toEqual([])
    expect(groups[1].soon.map((x) => x.code)).toEqual(['A', 'B'])
  })
})

describe('a project’s months', () => {
  it('add up the reports of the plan year, month by month, next to the even pace', () => {
    const reports = [
      { month: '2020-02', completed: 0.27 },
      { month: '2020-01', completed: 0.23 },
      { month: '2020-04', completed: null },
      { month: '2020-05', completed: 0.54 },
      { month: '2019-12', completed: 9 },
    ]
    const m = monthly(reports, 2020, 3.6)
    expect(m).toHaveLength(12)
    expect(m.slice(0, 6).map((x) => x.cumulative)).toEqual([0.23, 0.5, 0.5, 0.5, 1.04, null])
    expect(m[3].completed).toBe(null)
    expect(m[4].completed).toBe(0.54)
    expect(m.map((x) => x.pace)[5]).toBe(1.8)
    expect(m[11].pace).toBe(3.6)
    expect(m[11].month).toBe('2020-12')
  })
  it('have no running sum before a month with a figure, nor a pace without a plan', () => {
    const m = monthly([{ month: '2020-03', completed: 1 }, { month: '2020-01', completed: null }], 2020, null)
    expect(m.slice(0, 3).map((x) => x.cumulative)).toEqual([null, null, 1])
    expect(m[0].pace).toBe(null)
    expect(monthly([], 2020, 12).every((x) => x.cumulative === null)).toBe(true)
  })
})

const pp = (code, f) => ({
  project: { code, name: f.name || code, unit: f.unit || '370171-02', level: f.level || 'city', type: 'new', industry: f.industry || '', total_investment: f.total ?? null, annual_plan: null },
  completion: f.completion ?? null,
  cumulative: null,
  time_progress: 41.7,
  gap_points: null,
  lagging: Boolean(f.lagging),
  status: f.lagging ? 'lagging' : 'normal',
})

describe('the project list', () => {
  const list = [
    pp('ZO-02', { completion: 39, level: 'city', industry: '基础设施' }),
    pp('ZO-05', { completion: 15.5, level: 'district', industry: '基础设施', lagging: true }),
    pp('JXC', { completion: null, level: 'city', industry: '文化旅游' }),
    pp('FUNENG', { completion: 38.7, level: 'province', industry: '集成电路' }),
  ]
  it('reads and writes the sort of the URL', () => {
    expect(readSort('-completion')).toEqual({ key: 'completion', desc: true })
    expect(readSort('code')).toEqual({ key: 'code', desc: false })
    expect(readSort('nonsense')).toEqual({ key: '', desc: false })
    expect(writeSort('gap_points', true)).toBe('-gap_points')
    expect(writeSort('nonsense', true)).toBe('')
  })
  it('sorts by a column with empty figures last either way', () => {
    const codes = (l) => l.map((p) => p.project.code)
    expect(codes(sortProjects(list, { key: 'completion', desc: false }))).toEqual(['ZO-05', 'FUNENG', 'ZO-02', 'JXC'])
    expect(codes(sortProjects(list, { key: 'completion', desc: true }))).toEqual(['ZO-02', 'FUNENG', 'ZO-05', 'JXC'])
    expect(codes(sortProjects(list, { key: 'level' }))).toEqual(['FUNENG', 'JXC', 'ZO-02', 'ZO-05'])
    expect(codes(sortProjects(list, { key: 'status', desc: true }))[0]).toBe('ZO-05')
    expect(codes(sortProjects(list, { key: 'code' }))).toEqual(['FUNENG', 'JXC', 'ZO-02', 'ZO-05'])
    expect(codes(sortProjects(list, {}))).toEqual(codes(list))
  })
  it('adds up levels from the province down', () => {
    const groups = [{ key: 'city' }, { key: 'district' }, { key: '' }, { key: 'province' }]
    expect(sortSummary(groups, 'level').map((g) => g.key)).toEqual(['province', 'city', 'district', ''])
    expect(sortSummary(groups, 'unit').map((g) => g.key)).toEqual(['city', 'district', '', 'province'])
    expect(sortSummary(null, 'level')).toEqual([])
  })
  it('filters by level, industry and lagging', () => {
    const codes = (l) => l.map((p) => p.project.code)
    expect(codes(filterProjects(list, { level: 'city' }))).toEqual(['ZO-02', 'JXC'])
    expect(codes(filterProjects(list, { industry: '基础设施', lagging: true }))).toEqual(['ZO-05'])
    expect(codes(filterProjects(list))).toHaveLength(4)
    expect(industries(list)).toEqual(['基础设施', '文化旅游', '集成电路'].sort())
  })
})

describe('the forms', () => {
  it('take a month’s report on a project: a month of the plan year, an amount not below zero', () => {
    expect(checkProjectReport({ month: '2020-06', completed: ' 1.5 ', progress: ' 主体施工 ', problems: '' }, 2020)).toEqual({
      ok: true,
      errors: {},
      body: { completed: 1.5, progress: '主体施工', problems: '' },
    })
    expect(checkProjectReport({ month: '2020-06', completed: '-1', progress: '' }, 2020).errors).toEqual({ completed: 'completedNegative' })
    expect(checkProjectReport({ month: '2020-06', completed: '1.5亿' }, 2020).errors).toEqual({ completed: 'completedNumber' })
    expect(checkProjectReport({ month: '2021-01', completed: '1' }, 2020).errors).toEqual({ month: 'monthOutsideYear' })
    expect(checkProjectReport({ month: '', completed: '1' }, 2020).errors).toEqual({ month: 'monthRequired' })
    expect(checkProjectReport({ month: '2020-13', completed: '1' }, 2020).errors).toEqual({ month: 'monthRequired' })
    expect(checkProjectReport({ month: '2020-06', completed: '' }, 2020).errors).toEqual({ completed: 'reportEmpty' })
    const progressOnly = checkProjectReport({ month: '2020-06', completed: '', progress: '竣工验收' }, 2020)
    expect(progressOnly.ok).toBe(true)
    expect(progressOnly.body.completed).toBe(null)
    expect(checkProjectReport({ month: '2020-06', completed: '0' }, 2020).body.completed).toBe(0)
  })
  it('take a month’s report on a task: a percent from 0 to 100, links one a line', () => {
    const ok = checkTaskReport({ month: '2020-05', percent: '45', text: ' 完成实地评估 ', links: 'https://example.org/a\n\n  b.pdf ' })
    expect(ok).toEqual({ ok: true, errors: {}, body: { percent: 45, text: '完成实地评估', links: ['https://example.org/a', 'b.pdf'] } })
    expect(checkTaskReport({ month: '2020-05', percent: '120', text: 'x' }).errors).toEqual({ percent: 'percentRange' })
    expect(checkTaskReport({ month: '2020-05', percent: 'abc', text: 'x' }).errors).toEqual({ percent: 'percentNumber' })
    expect(checkTaskReport({ month: '2020-5', percent: '10' }).errors).toEqual({ month: 'monthRequired' })
    expect(checkTaskReport({ month: '2020-05', percent: '', text: ' ', links: '' }).errors).toEqual({ text: 'reportEmpty' })
    expect(checkTaskReport({ month: '2020-05', percent: '', text: '推进中' }).body.percent).toBe(null)
  })
  it('edit a project record whole', () => {
    const record = {
      code: 'ZO-01', name: '中欧大道(一期)', goal: 'G-ZO', owner: '济南高新控股集团有限公司', unit: '370171-02', industry: '基础设施',
      level: 'city', type: 'continuing', year: 2020, total_investment: 9.8, annual_plan: 3.6, planned_start: '', actual_start: '2019-10-01',
      planned_completion: '', actual_completion: '', planned_operation: '', actual_operation: '', progress: '主体施工', leader: '',
      responsible_unit: '370171-02', problems: '', lagging: false,
    }
    const form = projectForm(record)
    expect(form.total_investment).toBe('9.8')
    expect(form.year).toBe(2020)
    const { ok, body } = checkProject(form)
    expect(ok).toBe(true)
    const { code, ...rest } = record
    expect(code).toBe('ZO-01')
    expect(body).toEqual(rest)
    expect(checkProject({ ...form, name: ' ', unit: '', year: 20, annual_plan: '-1', total_investment: 'x' }).errors).toEqual({
      name: 'nameRequired',
      unit: 'unitRequired',
      year: 'yearInvalid',
      annual_plan: 'amountNegative',
      total_investment: 'amountNumber',
    })
    expect(checkProject({ ...form, annual_plan: '' }).body.annual_plan).toBe(null)
  })
})
