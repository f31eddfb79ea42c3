// 数据 → 录入与修正: a value corrected in the grid is saved, kept in the history, and shown on
// the dashboard at once.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { api, launch, newPage, open, screenshot } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const KEY = '370171|retail_sales|2019'
const cell = (page, field) => page.locator(`[data-row-key="${KEY}"] td[data-field="${field}"]`)

test('the grid checks what is typed and Esc cancels the edit', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/data?unit=370171&year=2019&indicator=retail_sales')
  await cell(page, 'growth').click()
  await page.keyboard.type('abc')
  await page.locator('[data-test="grid-status"]').getByText('请输入数字').waitFor()
  await page.keyboard.press('Escape')
  assert.equal((await cell(page, 'growth').innerText()).trim(), '9.6')
  // growth below -100% is refused as you type
  await page.keyboard.type('-120')
  await page.locator('[data-test="grid-status"]').getByText('增长不能低于 -100%').waitFor()
  await page.keyboard.press('Escape')
  // arrows move between cells: from growth, left is the value
  await page.keyboard.press('ArrowLeft')
  assert.match(await cell(page, 'value').getAttribute('class'), /selected/)
  assert.equal(await page.locator('[data-test="save"]').isDisabled(), true, 'nothing to save')
  await page.context().close()
})

test('a value corrected in the grid appears on the dashboard', { timeout: 90000 }, async () => {
  const start = await api('GET', '/observations?unit=370171&indicator=retail_sales&period=2019')
  const old = start.json.observations[0]
  assert.ok(old, 'the demo has retail sales of 济南高新区 for 2019')
  const corrected = old.value === 301.4 ? 301.6 : 301.4
  const page = await newPage(browser)
  try {
    await open(page, '/data?unit=370171&year=2019&indicator=retail_sales')
    await cell(page, 'value').click()
    await page.keyboard.type(String(corrected))
    await page.keyboard.press('Enter')
    assert.match(await cell(page, 'value').getAttribute('class'), /dirty/)
    await page.locator('[data-test="save"]').click()
    await page.locator('.el-message--success').getByText('已保存').waitFor()
    await page.locator(`[data-row-key="${KEY}"] td[data-field="value"]:not(.dirty)`).getByText(String(corrected)).waitFor()
    // the earlier version is kept and shown
    await cell(page, 'value').click()
    await page.locator('[data-test="history"]').getByText('历史').first().waitFor()
    assert.match(await page.locator('[data-test="history"]').innerText(), new RegExp(String(old.value)))
    await screenshot(page, 'data-grid')

    await open(page, '/dashboard?unit=370171&period=2019')
    const card = page.locator('.kpi[data-indicator="retail_sales"]')
    await card.waitFor()
    assert.match((await card.innerText()).replace(/\s+/g, ''), new RegExp(`${corrected.toFixed(1).replace('.', '\\.')}亿元`))
    assert.deepEqual(page.errors, [])
  } finally {
    const { unit, indicator, period, value, growth, status, source, note } = old
    await api('PUT', '/observations', { observations: [{ unit, indicator, period, value, growth, status, source, note }], dry_run: false })
    await page.context().close()
  }
})
