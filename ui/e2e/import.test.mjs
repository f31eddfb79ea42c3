// 数据 → 导入文件: a file with one bad row shows that row's problem and changes nothing.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { api, launch, newPage, open, readXlsx, screenshot } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const WATCHED = '/observations?unit=370102&indicator=budget_revenue&limit=10000'

test('an import with one bad row reports it by row and column and writes nothing', { timeout: 90000 }, async () => {
  const before = await api('GET', WATCHED)
  assert.equal(before.status, 200)
  const stored = (period) => before.json.observations.find((o) => o.period === period)
  const year = stored('2019')
  const half = stored('2020-H1')
  assert.ok(year && half, 'the demo has 历下区 budget revenue for 2019 and 2020-H1')
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'zoneboard-e2e-')), 'bad_budget.csv')
  writeFileSync(
    file,
    [
      'unit,indicator,period,value,growth',
      // two good rows that would change the published growth
      `370102,budget_revenue,2019,${year.value},${(year.growth ?? 0) + 1}`,
      `370102,budget_revenue,2020-H1,${half.value},${(half.growth ?? 0) + 1}`,
      // the bad row: file row 4, column C
      '370102,budget_revenue,2020-Q5,10,1.0',
      '',
    ].join('\n'),
  )

  const page = await newPage(browser)
  await open(page, '/data?tab=import')
  await page.locator('[data-test="upload"] input[type=file]').setInputFiles(file)
  await page.locator('[data-test="check"]').click()
  const problems = page.locator('[data-test="problems"]')
  await problems.waitFor()
  const text = await problems.innerText()
  assert.match(text, /bad_budget\.csv/)
  assert.match(text, /2020-Q5/)
  const rows = await problems.locator('.el-table__body-wrapper tbody tr').all()
  assert.equal(rows.length, 1, `one problem: ${text}`)
  const cells = (await rows[0].locator('td').allInnerTexts()).map((c) => c.trim())
  assert.ok(cells.includes('4'), `the problem is on row 4: ${cells.join(' | ')}`)
  assert.ok(cells.some((c) => /^C\b/.test(c)), `the problem is in column C: ${cells.join(' | ')}`)
  assert.match(await page.locator('[data-test="import-report"]').innerText(), /没有导入任何数据/)
  assert.equal(await page.locator('[data-test="confirm"]').isDisabled(), true, '确认导入 stays disabled')
  await screenshot(page, 'data-import')

  const after = await api('GET', WATCHED)
  assert.deepEqual(after.json, before.json, 'nothing changed')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a valid file is checked first, then imported with 确认导入', { timeout: 90000 }, async () => {
  const key = '?unit=370171-06&indicator=budget_revenue&period=2019-01..02'
  const start = await api('GET', `/observations${key}`)
  const old = start.json?.observations?.[0]
  assert.ok(old, 'the demo has 齐鲁软件园 budget revenue for 2019-01..02')
  const value = old.value === 7.3 ? 7.4 : 7.3
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'zoneboard-e2e-')), 'good.csv')
  writeFileSync(file, `unit,indicator,period,value,growth\n370171-06,budget_revenue,2019-01..02,${value},${old.growth ?? ''}\n`)
  const page = await newPage(browser)
  try {
    await open(page, '/data?tab=import')
    await page.locator('[data-test="upload"] input[type=file]').setInputFiles(file)
    await page.locator('[data-test="check"]').click()
    await page.locator('[data-test="import-report"]').getByText('检查通过').waitFor()
    const unchanged = await api('GET', `/observations${key}`)
    assert.deepEqual(unchanged.json, start.json, 'the check writes nothing')
    await page.locator('[data-test="confirm"]').click()
    await page.locator('[data-test="import-report"]').getByText('导入完成').waitFor()
    const done = await api('GET', `/observations${key}`)
    assert.equal(done.json.observations[0].value, value)
  } finally {
    const { unit, indicator, period, value: v, growth, status, source, note } = old
    await api('PUT', '/observations', { observations: [{ unit, indicator, period, value: v, growth, status, source, note }], dry_run: false })
    await page.context().close()
  }
})

test('a check lists each figure that would change, old → new, page by page, before 确认导入 writes it', { timeout: 120000 }, async () => {
  const unit = '370171-06'
  const indicator = 'budget_revenue'
  const key = `?unit=${unit}&indicator=${indicator}&period=2019-01..02`
  const start = await api('GET', `/observations${key}`)
  const old = start.json?.observations?.[0]
  assert.ok(old, 'the demo has 齐鲁软件园 budget revenue for 2019-01..02')
  const value = Math.round((old.value + 0.5) * 10) / 10
  // one changed figure and twenty new ones: more than a page of twenty
  const years = Array.from({ length: 20 }, (_, i) => 2031 + i)
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'zoneboard-e2e-')), 'changes.csv')
  writeFileSync(
    file,
    [
      'unit,indicator,period,value,growth,status,source,note',
      `${unit},${indicator},2019-01..02,${value},${old.growth ?? ''},${old.status},${old.source},${old.note}`,
      ...years.map((y) => `${unit},${indicator},${y},${y - 2000},1.5,${old.status},${old.source},`),
      '',
    ].join('\n'),
  )
  const page = await newPage(browser)
  try {
    await open(page, '/data?tab=import')
    await page.locator('[data-test="upload"] input[type=file]').setInputFiles(file)
    await page.locator('[data-test="check"]').click()
    const report = page.locator('[data-test="import-report"]')
    await report.getByText('检查通过').waitFor()
    assert.match(await report.innerText(), /共 21 条，原值 → 新值/)

    const changes = page.locator('[data-test="changes"]')
    const rows = () => changes.locator('.el-table__body-wrapper tbody tr')
    assert.equal(await rows().count(), 20, 'the first page lists twenty')
    const first = (await rows().first().locator('td').allInnerTexts()).map((c) => c.trim())
    assert.match(first[0], /齐鲁软件园/)
    assert.match(first[0], new RegExp(unit))
    assert.match(first[1], /一般公共预算收入/)
    assert.match(first[1], /budget_revenue/)
    assert.match(first[2], /2019-01\.\.02/)
    assert.equal(first[3], `${old.value} → ${value}`, `old → new: ${first.join(' | ')}`)
    const newRow = (await rows().nth(1).locator('td').allInnerTexts()).map((c) => c.trim())
    assert.match(newRow[3], /^新增\s*31$/, `a new figure is marked new: ${newRow.join(' | ')}`)
    await screenshot(page, 'data-import-changes')

    await page.locator('[data-test="changes-pages"]').getByText('2', { exact: true }).click()
    await changes.getByText('2050年').waitFor()
    assert.equal(await rows().count(), 1, 'the second page lists the last one')
    const unchanged = await api('GET', `/observations${key}`)
    assert.deepEqual(unchanged.json, start.json, 'the check writes nothing')

    await page.locator('[data-test="confirm-changes"]').click()
    await report.getByText('导入完成').waitFor()
    assert.match(await report.innerText(), /本次导入新增或修改的观测值（共 21 条）/)
    const doneFirst = (await rows().first().locator('td').allInnerTexts()).map((c) => c.trim())
    assert.equal(doneFirst[3], `${old.value} → ${value}`, 'the import lists what it changed')
    const done = await api('GET', `/observations${key}`)
    assert.equal(done.json.observations[0].value, value, 'the new value is stored')
    assert.deepEqual(page.errors, [])
  } finally {
    const { period, value: v, growth, status, source, note } = old
    await api('PUT', '/observations', { observations: [{ unit, indicator, period, value: v, growth, status, source, note }], dry_run: false })
    for (const y of years) await api('DELETE', `/observations?unit=${unit}&indicator=${indicator}&period=${y}`)
    await page.context().close()
  }
})

test('a blank template downloaded from the import page passes the check as it is', { timeout: 90000 }, async () => {
  const page = await newPage(browser)
  try {
    await open(page, '/data?tab=import')
    const links = page.locator('[data-test="blank-templates"] a')
    assert.equal(await links.count(), 12, 'a template of each kind of file')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test="blank-templates"] [data-kind="observations"]').click(),
    ])
    assert.equal(download.suggestedFilename(), '观测值模板.xlsx')
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'zoneboard-e2e-')), 'observations.xlsx')
    await download.saveAs(file)
    const rows = readXlsx(file)
    assert.deepEqual(rows[0].slice(0, 5), ['单位', '指标', '时期', '数值', '增速'])

    await page.locator('[data-test="upload"] input[type=file]').setInputFiles(file)
    await page.locator('[data-test="check"]').click()
    const report = page.locator('[data-test="import-report"]')
    await report.getByText('检查通过').waitFor()
    const cells = (await page.locator('[data-test="changes"] .el-table__body-wrapper tbody tr').first().locator('td').allInnerTexts()).map((c) => c.trim())
    assert.match(cells[3], /新增/, `the example row is a new figure: ${cells.join(' | ')}`)
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})
