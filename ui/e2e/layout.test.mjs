// Every page fits a desktop screen (1440×900) and a phone (390×844): the document never scrolls
// sideways, a table either fits or scrolls inside its own box, and no cell is cut off by the
// edge of the screen. On the phone the menu folds into a drawer. The explorer marks the unit
// looked at and the reference (the city), and a user who sees one unit reads its rank.
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

const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]

// Each page with what shows it has loaded.
const PAGES = [
  // the pages whose tables fit a desktop screen without scrolling sideways: { fits: true }
  { name: 'dashboard', path: '/dashboard?unit=370171&period=2019', ready: '.kpi' },
  { name: 'explorer', path: '/explorer?indicator=gdp&period=2019&group=jinan16&ref=3701', ready: '[data-test="query-table"] td.col-unit_name', fits: true },
  { name: 'explorer-indicators', path: '/explorer', ready: '[data-test="query-table"] td.col-unit_name', fits: true },
  { name: 'data', path: '/data?unit=370171&year=2019', ready: 'table td', fits: true },
  { name: 'brief', path: '/brief?unit=370171&period=2019', ready: '[data-test="brief"]', fits: true },
  { name: 'plan', path: '/plan', ready: '.el-card' },
  { name: 'plan-projects', path: '/plan/projects', ready: '.el-table td', fits: true },
  { name: 'plan-project', path: '/plan/projects/CAS-IEE', ready: '.el-card' },
  { name: 'plan-tasks', path: '/plan/tasks', ready: '.el-table td', fits: true },
  { name: 'plan-targets', path: '/plan/targets', ready: '.el-table td', fits: true },
  { name: 'plan-target', path: '/plan/targets?target=GDP-2020', ready: '.el-table td', fits: true },
  { name: 'plan-reminders', path: '/plan/reminders', ready: '.el-card' },
  { name: 'settings-units', path: '/settings', ready: '.el-table td', fits: true },
  { name: 'settings-groups', path: '/settings?tab=groups', ready: '.el-table td', fits: true },
  { name: 'settings-indicators', path: '/settings?tab=indicators', ready: '.el-table td', fits: true },
  { name: 'tokens', path: '/tokens', ready: '.el-card' },
  { name: 'users', path: '/users', ready: '.el-table td', fits: true },
  { name: 'audit', path: '/audit', ready: '.el-table td', fits: true },
  // English words are longer: the same pages in English (the choice is kept, so these come last)
  { name: 'dashboard-en', path: '/dashboard?unit=370171&period=2019&lang=en', ready: '.kpi' },
  { name: 'explorer-en', path: '/explorer?indicator=gdp&period=2019&group=jinan16&ref=3701&lang=en', ready: '[data-test="query-table"] td.col-unit_name' },
  { name: 'plan-targets-en', path: '/plan/targets?lang=en', ready: '.el-table td', fits: true },
  { name: 'plan-project-en', path: '/plan/projects/CAS-IEE?lang=en', ready: '.el-card' },
  { name: 'audit-en', path: '/audit?lang=en', ready: '.el-table td', fits: true },
]

// layoutProblems reads the page as laid out: sideways overflow of the document or of the main
// area, and every table cell whose text lies beyond the edge of the screen without a scrolling
// box of its table's own to reach it, or whose table's box itself sticks out of the screen; and
// any text cut off by a box (a card) that hides what sticks out of it.
function layoutProblems() {
  const problems = []
  const width = window.innerWidth
  const doc = document.documentElement
  if (doc.scrollWidth > width) problems.push(`the document is ${doc.scrollWidth}px wide on a ${width}px screen`)
  const main = document.querySelector('.main')
  if (main && main.scrollWidth > main.clientWidth + 1) problems.push(`the main area scrolls sideways: ${main.scrollWidth}px in ${main.clientWidth}px`)
  const describe = (el) => (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40)
  const scrolls = (el) => {
    const o = getComputedStyle(el).overflowX
    return o === 'auto' || o === 'scroll'
  }
  const clips = (el) => getComputedStyle(el).overflowX !== 'visible'
  const visible = (el) => {
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
  }
  const boxes = new Set()
  for (const cell of document.querySelectorAll('td, th')) {
    if (!visible(cell) || !describe(cell)) continue
    // a table's own box: Element Plus's table, or a wrapper that scrolls a plain table
    const box = cell.closest('.table-scroll, .el-table, .el-descriptions__body') || cell.closest('table')
    boxes.add(box)
    let reachable = false
    for (let el = cell.parentElement; el && el !== box.parentElement; el = el.parentElement) {
      // the header of an Element Plus table scrolls with its body
      if (scrolls(el) || el.classList.contains('el-table__header-wrapper')) reachable = true
    }
    if (reachable) continue
    const r = cell.getBoundingClientRect()
    if (r.right > width + 1 || r.left < -1) problems.push(`cell "${describe(cell)}" lies at ${Math.round(r.left)}..${Math.round(r.right)}px`)
  }
  for (const box of boxes) {
    const r = box.getBoundingClientRect()
    if (r.right > width + 1 || r.left < -1) problems.push(`the table box of "${describe(box)}" lies at ${Math.round(r.left)}..${Math.round(r.right)}px`)
    for (let el = box.parentElement; el && el !== document.body; el = el.parentElement) {
      if (!clips(el)) continue
      const c = el.getBoundingClientRect()
      if (r.right > c.right + 1 || r.left < c.left - 1) {
        problems.push(`the table box of "${describe(box)}" (${Math.round(r.left)}..${Math.round(r.right)}px) is cut by ${el.className} (${Math.round(c.left)}..${Math.round(c.right)}px)`)
        break
      }
    }
  }
  // a cell too narrow for its text, which it cuts off (a column meant to cut its text shows it
  // whole in a tooltip: show-overflow-tooltip)
  for (const cell of document.querySelectorAll('td > .cell, th > .cell')) {
    if (!visible(cell) || cell.classList.contains('el-tooltip')) continue
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`the text of cell "${describe(cell)}" is cut: ${cell.scrollWidth}px in ${cell.clientWidth}px`)
  }
  // a text cut off by a box that neither shows nor scrolls what sticks out of it (a card)
  const own = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
  const skip = '.el-select, .el-input, .el-textarea, .el-table, .el-tabs__nav-wrap, .el-scrollbar, .el-tooltip__trigger, .el-date-editor, .el-cascader, .el-tag, .el-descriptions__body, .table-scroll, svg'
  for (const el of document.querySelectorAll('.main *, .header *')) {
    if (!own(el) || !visible(el) || el.closest(skip)) continue
    const r = el.getBoundingClientRect()
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const o = getComputedStyle(box).overflowX
      if (o === 'auto' || o === 'scroll') break
      if (o === 'visible') continue
      const c = box.getBoundingClientRect()
      if (r.right > c.right + 1 || r.left < c.left - 1) {
        problems.push(`"${describe(el)}" (${Math.round(r.left)}..${Math.round(r.right)}px) is cut off by ${box.className} (${Math.round(c.left)}..${Math.round(c.right)}px)`)
      }
      break
    }
  }
  return problems
}

// tablesWider lists the tables whose columns do not fit their box and scroll in it.
function tablesWider() {
  const out = []
  for (const box of document.querySelectorAll('.el-table__body-wrapper .el-scrollbar__wrap, .table-scroll')) {
    if (box.getBoundingClientRect().width === 0) continue
    if (box.scrollWidth > box.clientWidth + 1) {
      const table = box.closest('.el-table, .table-scroll')
      out.push(`the table "${(table.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 30)}" needs ${box.scrollWidth}px in ${box.clientWidth}px`)
    }
  }
  return out
}

// chartOverlaps finds the texts of each chart (drawn as SVG) that overlap one another.
function chartOverlaps() {
  const out = []
  for (const svg of document.querySelectorAll('.chart-box svg')) {
    const texts = [...svg.querySelectorAll('text')]
      .filter((t) => t.textContent.trim() && getComputedStyle(t).display !== 'none' && t.getAttribute('opacity') !== '0')
      .map((t) => ({ text: t.textContent.trim(), r: t.getBoundingClientRect() }))
      .filter((t) => t.r.width > 0)
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].r
        const b = texts[j].r
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left)
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
        if (dx > 1 && dy > 1) out.push(`"${texts[i].text}" overlaps "${texts[j].text}"`)
      }
    }
  }
  return out
}

for (const size of SIZES) {
  test(`every page fits ${size.width}×${size.height}`, { timeout: 300000 }, async () => {
    const page = await newPage(browser, { viewport: { width: size.width, height: size.height } })
    const failures = []
    for (const p of PAGES) {
      await open(page, p.path)
      await page.locator(p.ready).first().waitFor()
      // let charts and tables settle to their width
      await page.waitForTimeout(700)
      const problems = [...(await page.evaluate(layoutProblems)), ...(await page.evaluate(chartOverlaps))]
      if (p.fits && size.width >= 1440) problems.push(...(await page.evaluate(tablesWider)))
      if (problems.length) failures.push(`${p.name} at ${size.width}px:\n  ${problems.slice(0, 8).join('\n  ')}`)
      await screenshot(page, `layout-${size.name}-${p.name}`)
    }
    assert.deepEqual(page.errors, [])
    assert.equal(failures.length, 0, failures.join('\n'))
    await page.context().close()
  })
}

test('on a phone the menu opens from a button as a drawer and the content takes the full width', { timeout: 90000 }, async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 } })
  await open(page, '/dashboard?unit=370171&period=2019')
  await page.locator('.kpi').first().waitFor()
  assert.equal(await page.locator('.aside').isVisible(), false, 'no sidebar beside the content')
  const main = await page.locator('.main').boundingBox()
  assert.ok(main.x < 1 && main.width > 389, `the content takes the full width: ${JSON.stringify(main)}`)
  await page.locator('[data-test="menu-button"]').click()
  const drawer = page.locator('.nav-drawer')
  await drawer.getByText('指标查询').waitFor()
  await screenshot(page, 'layout-phone-menu', { fullPage: false })
  await drawer.getByText('指标查询').click()
  await page.waitForURL(/\/explorer/)
  await drawer.waitFor({ state: 'hidden' })
  // a dialog fits the phone's screen
  await open(page, '/users')
  await page.locator('[data-test="add-user"]').click()
  const dialog = page.locator('.el-dialog')
  await dialog.waitFor()
  await page.waitForTimeout(400)
  const box = await dialog.boundingBox()
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the dialog lies within the screen: ${JSON.stringify(box)}`)
  assert.deepEqual(await page.evaluate(layoutProblems), [])
  await screenshot(page, 'layout-phone-dialog', { fullPage: false })
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden' })
  // on a desktop the menu stays beside the content and there is no menu button
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.locator('.aside').waitFor()
  assert.equal(await page.locator('[data-test="menu-button"]').isVisible(), false)
  assert.deepEqual(page.errors, [])
  await page.context().close()
})

for (const size of SIZES) {
  test(`the explorer marks the unit looked at and the city at ${size.width}px`, { timeout: 90000 }, async () => {
    const page = await newPage(browser, { viewport: { width: size.width, height: size.height } })
    await open(page, '/explorer?indicator=gdp&period=2019&group=jinan16&ref=3701&highlight=370171')
    await page.locator('[data-test="query-table"] td.col-unit_name').first().waitFor()
    const chart = page.locator('[data-test="explorer-chart"]')
    await chart.locator('svg').waitFor()
    await page.waitForTimeout(800)
    await screenshot(page, `explorer-marks-${size.name}`)
    // the reference is drawn as a line labelled with its name and growth
    const texts = await chart.locator('svg text').allTextContents()
    assert.ok(texts.some((t) => /全市.*7\.0/.test(t)), `a line marks the city's 7.0%: ${texts.join(' | ')}`)
    // the unit looked at is named in the legend under the chart and stands out on the axis
    const legend = chart.locator('[data-test="chart-marks"]')
    assert.match(await legend.innerText(), /济南高新区[\s\S]*全市/)
    const highlighted = await chart.locator('svg text').evaluateAll((ts) =>
      ts.filter((t) => t.getAttribute('font-weight') === 'bold' || /bold/.test(t.getAttribute('style') || '')).map((t) => t.textContent),
    )
    assert.ok(highlighted.some((t) => /高新区/.test(t)), `the zone's label stands out: ${highlighted.join(' | ')}`)
    // the unit's row in the table is marked too
    const row = page.locator('[data-test="query-table"] tr.is-highlighted')
    assert.match(await row.first().innerText(), /济南高新区/)
    assert.deepEqual(await page.evaluate(chartOverlaps), [])
    // a click on another row marks that unit instead, and the address keeps it
    await page.locator('[data-test="query-table"] tbody tr', { hasText: '历下区' }).first().click()
    await page.waitForURL(/highlight=370102/)
    await legend.getByText('历下区').waitFor()
    assert.match(await page.locator('[data-test="query-table"] tr.is-highlighted').first().innerText(), /历下区/)
    assert.deepEqual(page.errors, [])
    await page.context().close()
  })
}

test('a reporter of one unit reads its rank among its peers instead of a one-bar chart', { timeout: 90000 }, async () => {
  const page = await newPage(browser, { user: 'zone-reporter', viewport: { width: 390, height: 844 } })
  await open(page, '/explorer?indicator=gdp&period=2019&unit=370171')
  const ranks = page.locator('[data-test="explorer-ranks"]')
  await ranks.waitFor()
  const text = await ranks.innerText()
  assert.match(text, /地区生产总值/)
  assert.match(text, /第1位\/共16个/)
  assert.match(text, /第2位\/共16个/)
  // the city is outside the reporter's unit list, yet named as bulletins name it
  assert.match(text, /全市/, `the reference as 全市: ${text}`)
  assert.doesNotMatch(text, /参照单位/)
  assert.equal(await page.locator('[data-test="explorer-chart"] svg').count(), 0, 'no chart of one bar')
  await screenshot(page, 'explorer-ranks-phone')
  assert.deepEqual(page.errors, [])
  await page.context().close()
})
