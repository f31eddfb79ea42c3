// Every page opens from its address, in Chinese, without a script error, and is photographed.
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

test('the root opens the dashboard of the home zone', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/')
  await page.locator('.kpi').first().waitFor()
  assert.match(page.url(), /\/dashboard\?unit=370171&period=/)
  assert.match(await page.locator('.aside').innerText(), /总览[\s\S]*指标查询[\s\S]*数据管理[\s\S]*经济运行简报[\s\S]*基础设置/)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the briefing reads as the bulletin and links its HTML and Word files', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/brief?unit=370171&period=2019')
  const paper = page.locator('[data-test="brief"]')
  await paper.waitFor()
  const text = await paper.innerText()
  assert.match(text, /济南高新区2019年经济运行简报/)
  assert.match(text, /地区生产总值实现1150\.2亿元，同比增长10\.5%/)
  assert.match(text, /主要指标/)
  const word = await page.getByText('下载Word').locator('xpath=ancestor-or-self::a').getAttribute('href')
  assert.match(word, /\/api\/v1\/brief\?.*unit=370171.*format=docx/)
  assert.deepEqual(page.errors, [])
  await screenshot(page, 'brief')
  await open(page, '/brief?unit=370171&period=2019&brief_lang=en')
  await page.locator('[data-test="brief"]').getByText('Economic Bulletin').waitFor()
  await screenshot(page, 'brief-en')
  await page.context().close()
})

test('settings list the units, groups and indicators', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/settings')
  await page.locator('[data-test="units-table"]').getByText('济南高新区').first().waitFor()
  await screenshot(page, 'settings-units')
  await open(page, '/settings?tab=groups')
  await page.getByText('济南市各县区和功能区').waitFor()
  await screenshot(page, 'settings-groups')
  await open(page, '/settings?tab=indicators')
  await page.getByText('地区生产总值').first().waitFor()
  await screenshot(page, 'settings-indicators')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('a unit edited in settings is saved through the API and shown', { timeout: 60000 }, async () => {
  const start = await api('GET', '/units?code=370171-07')
  const old = start.json.units[0]
  const page = await newPage(browser)
  try {
    await open(page, '/settings')
    const row = page.locator('[data-test="units-table"] tr', { hasText: '370171-07' })
    await row.getByRole('button', { name: '编辑' }).click()
    const dialog = page.locator('.el-dialog')
    await dialog.waitFor()
    // the form checks required fields before sending
    await dialog.locator('input').nth(1).fill('')
    await page.locator('[data-test="dialog-save"]').click()
    await dialog.getByText('请填写名称').waitFor()
    await dialog.locator('input').nth(1).fill(old.name)
    await dialog.locator('input').nth(2).fill('High-tech East District (e2e)')
    await screenshot(page, 'settings-dialog', { fullPage: false })
    // the server refuses a unit under itself, and the dialog says why, in words
    const parent = dialog.locator('.el-form-item', { hasText: '上级单位' }).locator('.el-select')
    await parent.click()
    await page.keyboard.type('高新东区')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '高新东区' }).click()
    await page.locator('[data-test="dialog-save"]').click()
    const refusal = dialog.locator('[data-test="dialog-error"]')
    await refusal.waitFor()
    assert.match(await refusal.innerText(), /上级单位：.*370171-07/)
    assert.equal((await api('GET', '/units?code=370171-07')).json.units[0].parent, old.parent, 'nothing was saved')
    await parent.click()
    await page.keyboard.type('济南高新区')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '济南高新区' }).first().click()
    await page.locator('[data-test="dialog-save"]').click()
    await page.locator('.el-message--success').waitFor()
    await page.locator('[data-test="units-table"]').getByText('High-tech East District (e2e)').waitFor()
    const now = await api('GET', '/units?code=370171-07')
    assert.equal(now.json.units[0].name_en, 'High-tech East District (e2e)')
  } finally {
    const { name, name_en, kind, parent, partitioned } = old
    await api('PUT', `/units/${old.code}`, { name, name_en, kind, parent, partitioned })
    await page.context().close()
  }
})

test('an unknown address says the page does not exist', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/no-such-page')
  await page.getByText('页面不存在').waitFor()
  await page.context().close()
})
