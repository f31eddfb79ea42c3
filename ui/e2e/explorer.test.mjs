// The explorer shows the query's rows as published and exports exactly those rows.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { launch, newPage, open, readXlsx, screenshot } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function tableRows(page) {
  return page.$$eval('[data-test="query-table"] .el-table__body-wrapper tbody tr', (trs) =>
    trs.map((tr) => {
      const cell = (key) => (tr.querySelector(`td.col-${key} .cell`)?.textContent || '').trim()
      return { unit: cell('unit'), unit_name: cell('unit_name'), value: cell('value'), growth: cell('growth'), rank: cell('rank_by_growth') }
    }),
  )
}

test('the explorer lists GDP 2019 of the 16 peers, and 导出Excel downloads those rows', { timeout: 90000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/explorer?indicator=gdp&period=2019&group=jinan16')
  await page.locator('[data-test="query-table"] td.col-unit_name').first().waitFor()
  const rows = await tableRows(page)
  assert.equal(rows.length, 16)
  const zone = rows.find((r) => r.unit === '370171')
  assert.ok(zone, '济南高新区 is listed')
  assert.equal(zone.unit_name, '济南高新区')
  assert.equal(zone.value, '1150.2')
  assert.equal(zone.growth, '10.5')
  assert.equal(zone.rank, '1')
  // numbers align right
  const align = await page.$eval('[data-test="query-table"] td.col-value', (td) => getComputedStyle(td.querySelector('.cell')).textAlign)
  assert.equal(align, 'right')
  assert.match(await page.locator('.explorer').innerText(), /共 16 行/)
  await screenshot(page, 'explorer')

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export"]').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'zoneboard-e2e-')), download.suggestedFilename())
  await download.saveAs(file)
  const sheet = readXlsx(file)
  const names = new Set(rows.map((r) => r.unit_name))
  const dataRows = sheet.filter((cells) => cells.some((c) => names.has(String(c).trim())))
  assert.equal(dataRows.length, rows.length, 'the workbook holds the rows on screen, no more, no less')
  dataRows.forEach((cells, i) => {
    const screen = rows[i]
    assert.ok(cells.some((c) => String(c).trim() === screen.unit_name), `row ${i + 1} is ${screen.unit_name}`)
    const numbers = cells.map((c) => Number(c)).filter((n) => Number.isFinite(n))
    assert.ok(
      numbers.some((n) => n.toFixed(1) === screen.value),
      `row ${i + 1} (${screen.unit_name}) holds the value ${screen.value}: ${cells.join(' | ')}`,
    )
    assert.ok(
      numbers.some((n) => n.toFixed(1) === screen.growth),
      `row ${i + 1} (${screen.unit_name}) holds the growth ${screen.growth}: ${cells.join(' | ')}`,
    )
  })
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a wrong period in the explorer is explained in words', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/explorer?indicator=gdp&period=2020-Q5&unit=370171')
  const alert = page.locator('.explorer .el-alert--error')
  await alert.waitFor()
  assert.match(await alert.innerText(), /2020-Q5/)
  assert.doesNotMatch(await alert.innerText(), /\b400\b/)
  await page.context().close()
})
