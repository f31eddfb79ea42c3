// The dashboard states the demo's published figures as the bulletins do.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, open, screenshot } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function cardText(page, indicator) {
  const card = page.locator(`.kpi[data-indicator="${indicator}"]`)
  await card.waitFor()
  return (await card.innerText()).replace(/\s+/g, '')
}

test('the dashboard of 济南高新区 for 2019 shows GDP 1150.2亿元, +10.5%, first by growth', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/dashboard?unit=370171&period=2019')
  const gdp = await cardText(page, 'gdp')
  assert.match(gdp, /地区生产总值/)
  assert.match(gdp, /1150\.2亿元/)
  assert.match(gdp, /增长10\.5%/)
  assert.match(gdp, /全市增长7\.0%/)
  assert.match(gdp, /高出全市3\.5个百分点/)
  assert.match(gdp, /增速是全市的1\.5倍/)
  assert.match(gdp, /增速第1位\/16/)
  assert.match(gdp, /总量第2位\/16/)
  // growth-only indicators show no level
  assert.match(await cardText(page, 'industrial_va'), /仅公布增速/)
  await page.getByText('同级单位增速对比').waitFor()
  await page.locator('.chart-card canvas').first().waitFor()
  assert.equal(await page.locator('.chart-card canvas').count() >= 2, true, 'both charts are drawn')
  assert.match(await page.locator('[data-test="lead"]').innerText(), /1150\.2亿元/)
  assert.deepEqual(page.errors, [])
  await screenshot(page, 'dashboard')
  await page.context().close()
})

test('the dashboard of 2020-Q1 shows online retail first in size and growth, trade 2.3 times the city', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/dashboard?unit=370171&period=2020-Q1')
  const online = await cardText(page, 'online_retail')
  assert.match(online, /274\.0亿元/)
  assert.match(online, /增长9\.3%/)
  assert.match(online, /高出全市22\.7个百分点/)
  assert.match(online, /总量第1位\/16/)
  assert.match(online, /增速第1位\/16/)
  const trade = await cardText(page, 'imports_exports')
  assert.match(trade, /147\.2亿元/)
  assert.match(trade, /增长48\.1%/)
  assert.match(trade, /占全市52\.4%/)
  assert.match(trade, /增速是全市的2\.3倍/)
  // GDP fell less than the city: no multiple is stated
  const gdp = await cardText(page, 'gdp')
  assert.match(gdp, /下降0\.7%/)
  assert.match(gdp, /降幅比全市小0\.4个百分点/)
  assert.doesNotMatch(gdp, /倍/)
  await screenshot(page, 'dashboard-2020Q1')
  await page.context().close()
})

test('the dashboard speaks English with ?lang=en', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/dashboard?unit=370171&period=2019&lang=en')
  const gdp = await cardText(page, 'gdp')
  assert.match(gdp, /Grossdomesticproduct/)
  assert.match(gdp, /up10\.5%/)
  assert.match(gdp, /Growth1stof16/)
  assert.match(await page.locator('.menu').innerText(), /Overview/)
  await screenshot(page, 'dashboard-en')
  await page.context().close()
})

test('a period without data says so and what to do', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/dashboard?unit=370171&period=2018')
  await page.getByText('济南高新区在2018年没有数据').waitFor()
  assert.equal(await page.locator('.kpi').count(), 0)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

test('the dashboard opens on the latest cumulative period with the headline figure, with a lead', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  await open(page, '/dashboard?unit=370171')
  // 2020年 (the year's GDP), not 2020年12月, the latest single month
  await page.waitForURL(/period=2020(&|$)/)
  const lead = await page.locator('[data-test="lead"]').innerText()
  assert.match(lead, /^2020年，济南高新区地区生产总值实现1291\.5亿元/, `the lead: ${lead}`)
  assert.match(await cardText(page, 'gdp'), /1291\.5亿元/)
  assert.deepEqual(page.errors, [])
  await screenshot(page, 'dashboard-opening')
  await page.context().close()
})
