// The annual plan: the tree of goals with their targets, tasks and projects in their status
// colours; a park's reporter enters a month's report on a project of its park and sees the
// completion rate and the briefing's plan paragraph take it in, and cannot report on another
// park's project; supervision chases tasks and signs them off; an admin edits a project; a
// viewer is offered no form and no sign-off. The tests of this file run in order; the reports
// and records they write are put back afterwards. A sign-off stays (the server keeps it), so
// the task signed off here is signed off only while it is open.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { api, launch, newPage, open, screenshot } from './helpers.mjs'

let browser
let juneReport // ZO-01's report of June 2020 before the tests, or null
let mayReport // ZO-01's report of May 2020 before the tests
let hyhbOpen // whether the task LIST-HYHB is open before the sign-off test
let zo01 // the project ZO-01 before the tests
let sealReport // ZJ-SEAL's report of May 2020 before the tests

const PROJECT = 'ZO-01'
const MONTH = '2020-06'
const BRIEF = '/brief?unit=370171-02&period=2020-H1'

before(async () => {
  browser = await launch()
  const project = await api('GET', `/plan/projects/${PROJECT}`)
  assert.equal(project.status, 200, project.text)
  zo01 = project.json.project.project
  juneReport = project.json.reports.find((r) => r.month === MONTH) || null
  mayReport = project.json.reports.find((r) => r.month === '2020-05')
  assert.ok(mayReport, 'the demo has a May report on ZO-01')
  const hyhb = await api('GET', '/plan/tasks/LIST-HYHB')
  assert.equal(hyhb.status, 200, hyhb.text)
  hyhbOpen = hyhb.json.task.status !== 'done'
  const seal = await api('GET', '/plan/tasks/ZJ-SEAL')
  assert.equal(seal.status, 200, seal.text)
  sealReport = seal.json.reports.find((r) => r.month === '2020-05')
  assert.ok(sealReport, 'the demo has a May report on ZJ-SEAL')
})
after(async () => {
  for (const [month, report] of [[MONTH, juneReport], ['2020-05', mayReport]]) {
    const { completed = null, progress = '', problems = '' } = report || {}
    await api('PUT', `/plan/projects/${PROJECT}/reports/${month}`, { completed, progress, problems })
  }
  if (zo01) {
    const { code, ...record } = zo01
    await api('PUT', `/plan/projects/${code}`, record)
  }
  if (sealReport) {
    const { percent, text, links } = sealReport
    await api('PUT', '/plan/tasks/ZJ-SEAL/reports/2020-05', { percent, text, links: links || [] })
  }
  await browser?.close()
})

// the investment the briefing's paragraph on the plan says the park's city-level projects
// completed: "5个市级重点项目，总投资…，2020年1-5月完成投资6.1亿元"
async function briefCityInvestment(page) {
  await open(page, BRIEF)
  const paper = page.locator('[data-test="brief"]')
  await paper.getByText('重点项目和目标任务推进情况').waitFor()
  const text = await paper.innerText()
  const m = /\d+个市级重点项目[^；。]*?完成投资([\d.]+)亿元/.exec(text)
  assert.ok(m, `the briefing states the city-level projects' investment:\n${text}`)
  return Number(m[1])
}

test('the plan tree shows the goals with their targets, tasks and projects in their colours', { timeout: 90000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/plan')
  const tree = page.locator('.tree-card')
  await tree.getByText('济南高新区2020年发展目标').waitFor()
  assert.match(await page.locator('.aside').innerText(), /计划推进[\s\S]*计划总览[\s\S]*重点项目[\s\S]*重点任务[\s\S]*目标任务[\s\S]*督办提醒/)
  assert.match(await page.locator('[data-test="plan-as-of"]').innerText(), /截至2020-05-31/)

  const bonded = tree.locator('[data-goal="G-ZBQ"]')
  assert.match(await bonded.locator('.goal-head').innerText(), /综合保税区:一线进出口额倍增/)
  const trade = bonded.locator('.item[data-code="ZBQ-TRADE"]')
  assert.match(await trade.innerText(), /一线进出口额倍增[\s\S]*目标80亿元/)
  assert.match(await bonded.locator('.item[data-code="ZJ-SEAL"]').innerText(), /章锦综保区/)

  const zo = tree.locator('[data-goal="G-ZO"]')
  assert.match(await zo.locator('.goal-head').innerText(), /中欧制造业发展中心/)
  assert.match(await zo.locator('.item[data-code="JXC"]').innerText(), /稼轩文化城/)
  for (let i = 1; i <= 16; i++) {
    const code = `ZO-${String(i).padStart(2, '0')}`
    assert.equal(await zo.locator(`[data-test="goal-projects"] .item[data-code="${code}"]`).count(), 1, code)
  }
  assert.match(await tree.locator('.item[data-code="ZO-01"]').innerText(), /中欧制造业发展中心/)

  const listing = tree.locator('[data-goal="G-LIST"]')
  for (const code of ['LIST-JXD', 'LIST-SDDW', 'LIST-HYHB']) assert.equal(await listing.locator(`.item[data-code="${code}"]`).count(), 1, code)
  assert.match(await listing.locator('.item[data-code="LIST-JXD"]').innerText(), /已销号/)

  // every colour of the contract is on the page: goals and items take their statuses' colours
  for (const tone of ['green', 'blue', 'yellow', 'red', 'grey']) {
    assert.ok((await tree.locator(`.plan-status[data-tone="${tone}"]`).count()) > 0, `a ${tone} status`)
  }
  assert.equal(await tree.locator('[data-goal="G2020"] > .goal-head .plan-status').getAttribute('data-status'), 'at_risk')
  assert.match(await page.locator('[data-test="status-chips"]').innerText(), /目标任务[\s\S]*预警[\s\S]*重点任务[\s\S]*已逾期[\s\S]*重点项目[\s\S]*滞后/)
  await screenshot(page, 'plan-tree')

  // the status chips narrow the tree and the URL keeps them
  await page.locator('[data-test="status-chips"] [data-status="lagging"]').click()
  await page.waitForURL(/status=lagging/)
  await tree.locator('.item[data-code="ZO-05"]').waitFor()
  assert.equal(await tree.locator('.item[data-code="ZO-01"]').count(), 0)
  assert.equal(await tree.locator('.item[data-code="ZBQ-TRADE"]').count(), 0)

  // a unit narrows the plan to its items and the units under it
  await open(page, '/plan?unit=370171-01')
  await tree.locator('.item[data-code="ZBQ-TRADE"]').waitFor()
  assert.equal(await tree.locator('.item[data-code="ZO-01"]').count(), 0)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a park reporter reports on its project and the completion rate and the briefing take it in', { timeout: 150000 }, async () => {
  const page = await newPage(browser, { user: 'zo-reporter' })
  try {
    const briefBefore = await briefCityInvestment(page)

    await open(page, `/plan/projects/${PROJECT}`)
    const completion = page.locator('[data-test="project-completion"]')
    await completion.waitFor()
    const rateBefore = (await completion.innerText()).trim()
    assert.match(rateBefore, /^\d+\.\d%$/)
    assert.match(await page.locator('[data-test="project-name"]').innerText(), /中欧大道/)

    const form = page.locator('[data-test="report-form"]')
    await form.waitFor()
    const month = form.locator('.el-date-editor input')
    await month.fill(MONTH)
    await month.press('Enter')
    await page.keyboard.press('Escape')
    const amount = form.locator('.el-form-item', { hasText: '本月完成投资' }).locator('input')
    // a negative amount is refused in the form before anything is sent
    await amount.fill('-1')
    await form.locator('[data-test="report-save"]').click()
    await form.getByText('本月完成投资不能为负').waitFor()
    await amount.fill('1.5')
    await form.locator('.el-form-item', { hasText: '形象进度' }).locator('input').fill('主体施工')
    await form.locator('[data-test="report-save"]').click()
    await page.locator('.el-message--success').getByText('2020-06的进展已保存').waitFor()

    // the page moves to the month reported, and its completion rate counts the report
    await page.waitForURL(/month=2020-06/)
    await page.waitForFunction((before) => {
      const el = document.querySelector('[data-test="project-completion"]')
      return el && el.textContent.trim() !== before
    }, rateBefore)
    const stored = await api('GET', `/plan/projects/${PROJECT}?month=${MONTH}`)
    assert.equal((await completion.innerText()).trim(), `${stored.json.project.completion.toFixed(1)}%`)
    assert.ok(stored.json.reports.some((r) => r.month === MONTH && r.completed === 1.5 && r.reported_by === 'zo-reporter'))
    const row = page.locator('[data-test="reports-table"] tr', { hasText: MONTH })
    assert.match(await row.innerText(), /1\.50[\s\S]*主体施工[\s\S]*zo-reporter/)
    await page.locator('[data-test="history"]').getByText('zo-reporter').first().waitFor()
    assert.deepEqual(page.errors, [])

    // a month already reported is corrected from the table: May, which the briefing of the
    // first half states, the half not being over on the demo's as-of day (2020-05-31)
    await page.locator('[data-test="reports-table"] tr', { hasText: '2020-05' }).getByRole('button', { name: '修改' }).click()
    assert.equal(await month.inputValue(), '2020-05')
    await form.getByText('该月已填报').waitFor()
    assert.equal(await amount.inputValue(), String(mayReport.completed))
    const rateJune = (await completion.innerText()).trim()
    await amount.fill(String(Math.round((mayReport.completed + 1.5) * 100) / 100))
    await form.locator('[data-test="report-save"]').click()
    await page.locator('.el-message--success').getByText('2020-05的进展已保存').waitFor()
    await page.waitForFunction((before) => {
      const el = document.querySelector('[data-test="project-completion"]')
      return el && el.textContent.trim() !== before
    }, rateJune)

    await screenshot(page, 'plan-project')
    const briefAfter = await briefCityInvestment(page)
    assert.ok(Math.abs(briefAfter - briefBefore - 1.5) < 0.11, `the briefing's investment went from ${briefBefore} to ${briefAfter}`)

    // the list holds the park's projects only; another park's project is not offered
    await open(page, '/plan/projects')
    const table = page.locator('[data-test="projects-table"]')
    await table.getByText(PROJECT).first().waitFor()
    assert.equal(await table.getByText('FUNENG').count(), 0)
    assert.match(await page.locator('[data-test="summary-cards"]').innerText(), /中欧制造业发展中心[\s\S]*17个项目/)
    await screenshot(page, 'plan-projects')

    await open(page, '/plan/projects/FUNENG')
    await page.locator('[data-test="project-error"]').waitFor()
    assert.match(await page.locator('[data-test="project-error"]').innerText(), /FUNENG/)
    assert.equal(await page.locator('[data-test="report-form"]').count(), 0)
    const refused = await api('PUT', `/plan/projects/FUNENG/reports/${MONTH}`, { completed: 1 }, { user: 'zo-reporter' })
    assert.equal(refused.status, 403, refused.text)
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})

test('the project list sorts, filters and adds up the projects', { timeout: 90000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/plan/projects?sort=-completion')
  const table = page.locator('[data-test="projects-table"]')
  await table.getByText('FUNENG').first().waitFor()
  const summary = page.locator('[data-test="summary-cards"]')
  assert.match(await summary.innerText(), /中欧制造业发展中心[\s\S]*生命科学城/)
  // most complete first, the projects without a figure last
  const codes = await table.locator('tbody tr td:first-child').allInnerTexts()
  assert.equal(codes.length, 21)
  assert.ok(['JXC', 'ZO-11', 'QUANTUM-SAT'].includes(codes.at(-1).trim()), codes.join(' '))

  await page.locator('[data-test="summary-by"]').getByText('按级别').click()
  await page.waitForURL(/by=level/)
  await summary.getByText('省级').waitFor()
  await page.locator('[data-test="filter-lagging"]').click()
  await page.waitForURL(/lagging=true/)
  const lagging = await table.locator('tbody tr').allInnerTexts()
  assert.ok(lagging.length > 0 && lagging.every((r) => /滞后/.test(r)), lagging.join('\n'))
  assert.match(lagging.join('\n'), /投资完成落后时间进度|未按期开工/)
  await screenshot(page, 'plan-projects-lagging')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('supervision chases the overdue first and signs a task off', { timeout: 90000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/plan/tasks?within=30')
  const chased = page.locator('[data-test="supervision"] .chase')
  await chased.first().waitFor()
  const statuses = await chased.evaluateAll((rows) => rows.map((r) => (r.classList.contains('overdue') ? 'overdue' : 'due_soon')))
  assert.deepEqual(statuses, [...statuses].sort((a, b) => (a === b ? 0 : a === 'overdue' ? -1 : 1)), 'the overdue come first')
  await screenshot(page, 'plan-tasks')

  await page.locator('[data-test="tasks-table"] tr', { hasText: 'LIST-HYHB' }).click()
  await page.waitForURL(/task=LIST-HYHB/)
  const drawer = page.locator('.el-drawer', { hasText: '恒誉环保科创板上市' })
  await drawer.locator('[data-test="milestones"]').waitFor()
  assert.equal(await drawer.locator('[data-test="task-report-form"]').count(), 1)
  if (hyhbOpen) {
    await drawer.locator('[data-test="task-signoff"]').click()
    await page.locator('.el-message-box').getByRole('button', { name: '销号' }).click()
    await page.locator('.el-message--success').getByText('已销号').waitFor()
  }
  await drawer.locator('.plan-status[data-status="done"]').waitFor()
  assert.match(await drawer.innerText(), /由admin销号/)
  assert.equal(await drawer.locator('[data-test="task-signoff"]').count(), 0)
  assert.equal((await api('GET', '/plan/tasks/LIST-HYHB')).json.task.status, 'done')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('an admin edits a project record and the page shows it', { timeout: 90000 }, async () => {
  // (the analyst, who may too, is locked out by the sign-in test)
  const page = await newPage(browser)
  await open(page, `/plan/projects/${PROJECT}`)
  await page.locator('[data-test="project-edit"]').click()
  const dialog = page.locator('[data-test="project-dialog"]')
  const leader = dialog.locator('.el-form-item', { hasText: '分管领导' }).locator('input')
  await leader.waitFor()
  await leader.fill('王某某')
  // a negative amount is refused before anything is sent
  const plan = dialog.locator('.el-form-item', { hasText: '年度计划' }).locator('input')
  await plan.fill('-3.6')
  await page.locator('[data-test="dialog-save"]').click()
  await dialog.getByText('投资额不能为负').waitFor()
  await plan.fill(String(zo01.annual_plan))
  await page.locator('[data-test="dialog-save"]').click()
  await page.locator('.el-message--success').getByText('已保存').waitFor()
  await page.locator('[data-test="project-fields"]').getByText('王某某').waitFor()
  const stored = (await api('GET', `/plan/projects/${PROJECT}`)).json.project.project
  assert.equal(stored.leader, '王某某')
  assert.equal(stored.annual_plan, zo01.annual_plan)
  assert.equal(stored.goal, zo01.goal)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the bonded zone’s reporter corrects the month’s report on its task', { timeout: 90000 }, async () => {
  const page = await newPage(browser, { user: 'bonded-reporter' })
  await open(page, '/plan/tasks?task=ZJ-SEAL')
  const drawer = page.locator('.el-drawer', { hasText: '章锦综保区' })
  const form = drawer.locator('[data-test="task-report-form"]')
  await form.waitFor()
  // the form opens at the month of the as-of day, with what was reported then
  assert.equal(await form.locator('.el-date-editor input').inputValue(), '2020-05')
  await form.getByText('该月已填报').waitFor()
  const percent = form.locator('.el-form-item', { hasText: '完成进度' }).locator('input')
  assert.equal(await percent.inputValue(), String(sealReport.percent))
  await percent.fill('120')
  await form.locator('[data-test="report-save"]').click()
  await form.getByText('完成进度应在 0 到 100 之间').waitFor()
  await percent.fill('45')
  await form.locator('[data-test="report-save"]').click()
  await page.locator('.el-message--success').getByText('2020-05的进展已保存').waitFor()
  await drawer.locator('[data-test="task-reports"] tr', { hasText: '45.0%' }).waitFor()
  await page.locator('[data-test="tasks-table"] tr', { hasText: 'ZJ-SEAL' }).getByText('45.0%').waitFor()
  assert.equal(await drawer.locator('[data-test="task-signoff"]').count(), 0)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('targets and reminders show where each stands', { timeout: 90000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/plan/targets')
  const targets = page.locator('[data-test="targets-table"]')
  const trade = targets.locator('tr', { hasText: '一线进出口额倍增' })
  await trade.waitFor()
  assert.match(await trade.innerText(), /80亿元[\s\S]*100亿元/)
  assert.match(await targets.locator('tr', { hasText: '地区生产总值增长' }).innerText(), /预警[\s\S]*6\.5%[\s\S]*7\.5%[\s\S]*8\.5%/)
  await trade.click()
  await page.waitForURL(/target=ZBQ-TRADE/)
  await page.locator('.el-drawer [data-test="history"], .el-drawer .el-empty').first().waitFor()
  await screenshot(page, 'plan-targets')

  await open(page, '/plan/reminders?within=30')
  const units = page.locator('[data-test="reminder-unit"]')
  await units.first().waitFor()
  const overdue = page.locator('.reminder.overdue')
  assert.ok((await overdue.count()) > 0, 'something is overdue')
  assert.match(await overdue.first().innerText(), /逾期\d+天/)
  assert.match(await page.locator('[data-test="reminder-unit"][data-unit="370171-01"]').innerText(), /综合保税区[\s\S]*ZBQ-36N/)
  await screenshot(page, 'plan-reminders')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a viewer is offered no report form, no edit and no sign-off', { timeout: 90000 }, async () => {
  const page = await newPage(browser, { user: 'viewer' })
  await open(page, `/plan/projects/${PROJECT}`)
  await page.locator('[data-test="project-completion"]').waitFor()
  await page.locator('[data-test="reports-table"]').waitFor()
  assert.equal(await page.locator('[data-test="report-form"]').count(), 0)
  assert.equal(await page.locator('[data-test="project-edit"]').count(), 0)

  await open(page, '/plan/tasks?task=ZJ-SEAL')
  const drawer = page.locator('.el-drawer', { hasText: '章锦综保区' })
  await drawer.locator('[data-test="task-reports"]').waitFor()
  assert.equal(await drawer.locator('[data-test="task-report-form"]').count(), 0)
  assert.equal(await drawer.locator('[data-test="task-signoff"]').count(), 0)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
