// Users, roles and scopes: a reporter signs in through the form and writes only the units of
// its scope; the admin finds that write in the audit log; a wrong password is refused in words,
// and too many with the wait; a viewer is offered nothing to change. The tests of this file run
// in order: the audit test looks for the reporter's edit.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, PASSWORD, api, csrfToken, launch, newPage, open, screenshot } from './helpers.mjs'

let browser
let original // the figure the reporter corrects, put back after the tests
let corrected // what the reporter writes instead

const KEY = { unit: '370171-01', indicator: 'retail_sales', period: '2019' }
const ROW = `${KEY.unit}|${KEY.indicator}|${KEY.period}`
const QUERY = `/observations?unit=${KEY.unit}&indicator=${KEY.indicator}&period=${KEY.period}`

before(async () => {
  browser = await launch()
  original = (await api('GET', QUERY)).json.observations[0]
  assert.ok(original, 'the demo has retail sales of 综合保税区 for 2019')
  corrected = original.value === 5.6 ? 5.7 : 5.6
})
after(async () => {
  if (original) {
    const { unit, indicator, period, value, growth, status, source, note } = original
    await api('PUT', '/observations', { observations: [{ unit, indicator, period, value, growth, status, source, note }], dry_run: false })
  }
  await browser?.close()
})

const menuText = (page) => page.locator('.aside').innerText()

async function signInWithForm(page, name, password) {
  await page.locator('input[name="username"]').fill(name)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('[data-test="login-submit"]').click()
}

test('a reporter signs in through the form and writes only the units of its scope', { timeout: 120000 }, async () => {
  const page = await newPage(browser, { user: null })
  try {
    // not signed in: the sign-in page, which leads back to the page asked for
    await open(page, `/data?unit=${KEY.unit}&year=2019&indicator=${KEY.indicator}`)
    await page.waitForURL(/\/login\?next=/)
    assert.match(decodeURIComponent(page.url()), /next=\/data\?unit=370171-01&year=2019/)
    await page.locator('input[name="username"]').waitFor()
    await screenshot(page, 'login')
    await signInWithForm(page, 'bonded-reporter', PASSWORD)
    await page.waitForURL(/\/data\?unit=370171-01/)

    const account = page.locator('[data-test="account"]')
    await account.waitFor()
    assert.match(await account.innerText(), /综合保税区填报员[\s\S]*填报员/)
    assert.doesNotMatch(await menuText(page), /用户管理|审计日志/)

    // the unit selector offers the units of the scope only
    const unitLabel = page.locator('.el-form-item__label', { hasText: /^单位$/ })
    await page.locator('.grid-filters .el-form-item', { has: unitLabel }).locator('.el-select').click()
    const options = page.locator('.el-select-dropdown__item:visible')
    await options.first().waitFor()
    const offered = (await options.allInnerTexts()).join('\n')
    assert.match(offered, /综合保税区/)
    assert.match(offered, /370171-01/)
    assert.doesNotMatch(offered, /370171-02|中欧制造业发展中心/)
    assert.doesNotMatch(offered, /济南高新区/)
    await page.keyboard.press('Escape')

    // a figure of its own unit is corrected and saved
    const cell = page.locator(`[data-row-key="${ROW}"] td[data-field="value"]`)
    await cell.click()
    await page.keyboard.type(String(corrected))
    await page.keyboard.press('Enter')
    await page.locator('[data-test="save"]').click()
    await page.locator('.el-message--success').getByText('已保存').waitFor()
    await page.locator(`[data-row-key="${ROW}"] td[data-field="value"]:not(.dirty)`).getByText(String(corrected)).waitFor()
    assert.equal((await api('GET', QUERY)).json.observations[0].value, corrected)

    // a unit outside the scope is refused by the server, whatever the page offers
    // (each write sends the figure as stored, so that only the scope can refuse it)
    const csrf = await csrfToken(page)
    const stored = async (unit) => (await api('GET', `/observations?unit=${unit}&indicator=${KEY.indicator}&period=${KEY.period}`)).json.observations[0]
    const write = async (unit, dryRun) => {
      const { value, growth } = await stored(unit)
      return page.request.put(`${BASE_URL}/api/v1/observations`, {
        headers: { 'X-CSRF-Token': csrf },
        data: { observations: [{ unit, indicator: KEY.indicator, period: KEY.period, value, growth }], dry_run: dryRun },
      })
    }
    const inScope = await write('370171-01', true)
    assert.equal(inScope.status(), 200, `a dry run within the scope passes: ${await inScope.text()}`)
    const outside = await write('370171-02', false)
    assert.equal(outside.status(), 403, await outside.text())
    assert.equal((await outside.json()).error.code, 'forbidden')

    // a page whose unit is outside the scope opens on the scope's unit instead of failing
    await open(page, '/dashboard?unit=370171&period=2019')
    await page.waitForURL(/unit=370171-01/)
    await page.locator('.page-title').getByText('综合保税区').waitFor()
    assert.equal(await page.locator('.el-alert--error').count(), 0)

    // signing out: the protected pages ask to sign in again
    await account.click()
    await page.locator('[data-test="menu-logout"]').click()
    await page.waitForURL(/\/login/)
    await open(page, '/data')
    await page.waitForURL(/\/login\?next=%2Fdata|\/login\?next=\/data/)
    await page.locator('[data-test="login-submit"]').waitFor()
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})

test('the admin finds the reporter’s edit in the audit log with its before and after values', { timeout: 90000 }, async () => {
  const page = await newPage(browser)
  try {
    await open(page, '/audit')
    assert.match(await menuText(page), /用户管理[\s\S]*审计日志/)
    const table = page.locator('[data-test="audit-table"]')
    await table.locator('tbody tr').first().waitFor()

    // filter by actor
    await page.locator('[data-test="audit-actor"]').click()
    await page.keyboard.type('bonded-reporter')
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'bonded-reporter' }).first().click()
    await page.waitForURL(/actor=bonded-reporter/)
    const row = table.locator('tbody tr', { hasText: '录入数据' }).filter({ hasText: '综合保税区' }).first()
    await row.waitFor()
    const actors = await table.locator('tbody tr td:nth-child(2)').allInnerTexts()
    assert.ok(actors.length > 0 && actors.every((a) => a.includes('bonded-reporter') && a.includes('综合保税区填报员')), `only bonded-reporter, by display name and login: ${actors.join(', ')}`)
    await screenshot(page, 'audit')

    await row.click()
    const drawer = page.locator('.el-drawer')
    const figures = drawer.locator('[data-test="audit-observations"]')
    await figures.locator('tbody tr').first().waitFor()
    const line = figures.locator('tbody tr', { hasText: '社会消费品零售总额' }).first()
    const cells = (await line.locator('td').allInnerTexts()).map((c) => c.trim())
    assert.ok(cells.includes(String(original.value)), `before: ${original.value} in ${cells.join(' | ')}`)
    assert.ok(cells.includes(String(corrected)), `after: ${corrected} in ${cells.join(' | ')}`)
    assert.ok(cells.includes(String(original.growth)), `growth ${original.growth} in ${cells.join(' | ')}`)
    assert.match(await drawer.innerText(), /bonded-reporter/)
    await screenshot(page, 'audit-entry', { fullPage: false })
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})

test('a wrong password is refused in words, and repeated failures with the wait', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { user: null })
  try {
    await open(page, '/login')
    await signInWithForm(page, 'analyst', 'not-the-right-password')
    const error = page.locator('[data-test="login-error"]')
    await error.waitFor()
    assert.match(await error.innerText(), /用户名或密码错误/)
    assert.match(page.url(), /\/login/)
    assert.equal((await page.request.get(`${BASE_URL}/api/v1/session`)).status(), 401)
    await screenshot(page, 'login-error')

    // failures past the limit are refused for a while, and the page says how long to wait
    // (no other test signs in as analyst)
    let status = 401
    for (let i = 0; i < 30 && status === 401; i++) {
      const res = await fetch(`${BASE_URL}/api/v1/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'analyst', password: 'not-the-right-password' }),
      })
      status = res.status
    }
    assert.equal(status, 429)
    await signInWithForm(page, 'analyst', 'not-the-right-password')
    await error.getByText(/登录失败次数过多，请 \d+ (分钟|秒)后再试/).waitFor()
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})

test('the admin lists the users and edits a scope with the unit tree', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  try {
    await open(page, '/users')
    const table = page.locator('[data-test="users-table"]')
    for (const name of ['admin', 'analyst', 'zone-reporter', 'bonded-reporter', 'viewer']) {
      await table.getByText(name, { exact: true }).first().waitFor()
    }
    const row = table.locator('tbody tr', { hasText: 'bonded-reporter' }).first()
    assert.match(await row.innerText(), /综合保税区填报员[\s\S]*填报员[\s\S]*综合保税区/)
    await screenshot(page, 'users')
    await row.locator('[data-test="edit-user"]').click()
    const dialog = page.locator('.el-dialog', { hasText: '编辑用户' })
    await dialog.waitFor()
    assert.match(await dialog.innerText(), /综合保税区/)
    await screenshot(page, 'users-dialog', { fullPage: false })
    await dialog.getByRole('button', { name: '取消' }).click()
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})

test('a user creates an API token, sees its secret once, and revokes it', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  try {
    await open(page, '/tokens')
    const name = `e2e ${Date.now()}`
    await page.locator('[data-test="token-name"]').fill(name)
    await page.locator('[data-test="token-create"]').click()
    const dialog = page.locator('.el-dialog', { hasText: '关闭后将无法再次查看' })
    await dialog.waitFor()
    const secret = await dialog.locator('input').inputValue()
    assert.match(secret, /^zbt_/)
    // the secret works as a bearer token
    const bearer = { headers: { Authorization: `Bearer ${secret}` } }
    assert.equal((await fetch(`${BASE_URL}/api/v1/units`, bearer)).status, 200)
    await screenshot(page, 'tokens-secret', { fullPage: false })
    await dialog.getByRole('button', { name: '我已保存' }).click()
    const row = page.locator('[data-test="tokens-table"] tbody tr', { hasText: name })
    await row.waitFor()
    assert.doesNotMatch(await page.locator('.tokens-page').innerText(), new RegExp(secret))
    await screenshot(page, 'tokens')

    await row.locator('[data-test="token-revoke"]').click()
    await page.locator('.el-message-box').getByRole('button', { name: '吊销' }).click()
    await row.getByText('已吊销').waitFor()
    assert.equal((await fetch(`${BASE_URL}/api/v1/units`, bearer)).status, 401)
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})

test('the briefing template editor shows the server’s parse error and saves nothing', { timeout: 60000 }, async () => {
  const page = await newPage(browser)
  try {
    await open(page, '/settings?tab=template')
    const text = page.locator('[data-test="template-text"]')
    await page.waitForFunction(() => document.querySelector('[data-test="template-text"]')?.value.length > 0)
    const saved = await text.inputValue()
    await text.fill('title: [not closed\n')
    await page.locator('[data-test="template-save"]').click()
    const error = page.locator('[data-test="template-error"]')
    await error.waitFor()
    assert.match(await error.innerText(), /模板有错误/)
    const now = await page.request.get(`${BASE_URL}/api/v1/brief/template`)
    assert.equal(await now.text(), saved, 'nothing was saved')
    await screenshot(page, 'settings-template')
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})

test('a viewer is offered nothing to change', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { user: 'viewer' })
  try {
    await open(page, '/data?unit=370171&year=2019&indicator=retail_sales')
    const cell = page.locator('[data-row-key="370171|retail_sales|2019"] td[data-field="value"]')
    await cell.waitFor()
    assert.match(await page.locator('[data-test="account"]').innerText(), /领导查阅[\s\S]*查阅者/)
    assert.doesNotMatch(await menuText(page), /用户管理|审计日志/)
    assert.equal(await page.locator('[data-test="save"]').count(), 0, 'no save button')
    assert.equal(await page.locator('.el-tabs__item', { hasText: '导入文件' }).count(), 0, 'no import tab')
    assert.match(await page.locator('[data-test="grid-hint"]').innerText(), /只读/)
    // typing into a cell starts no edit
    await cell.click()
    await page.keyboard.type('1')
    assert.equal(await page.locator('.cell-input').count(), 0)
    assert.match(await cell.getAttribute('class'), /readonly/)
    await screenshot(page, 'data-viewer')

    await open(page, '/settings')
    await page.locator('[data-test="units-table"]').getByText('济南高新区').first().waitFor()
    assert.equal(await page.locator('[data-test="add-unit"]').count(), 0)
    assert.equal(await page.locator('[data-test="units-table"]').getByRole('button', { name: '编辑' }).count(), 0)
    assert.equal(await page.locator('.el-tabs__item', { hasText: '简报模板' }).count(), 0)

    await open(page, '/users')
    await page.getByText('没有权限').waitFor()
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})

test('a session that ends while a page is open leads to the sign-in page and back', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { user: 'zone-reporter' })
  try {
    await open(page, '/data?unit=370171&year=2019&indicator=gdp')
    await page.locator('[data-test="grid"]').waitFor()
    // signed out behind the page's back: its next call to the API is refused
    const out = await page.request.delete(`${BASE_URL}/api/v1/session`, { headers: { 'X-CSRF-Token': await csrfToken(page) } })
    assert.equal(out.status(), 200)
    await page.getByRole('button', { name: '刷新' }).click()
    await page.waitForURL(/\/login\?next=/)
    await signInWithForm(page, 'zone-reporter', PASSWORD)
    await page.waitForURL(/\/data\?unit=370171&year=2019&indicator=gdp/)
    await page.locator('[data-test="grid"]').waitFor()
    assert.deepEqual(page.errors, [])
  } finally {
    await page.context().close()
  }
})

test('a user changes its password, and a wrong current password is refused', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { user: 'zone-reporter' })
  const changed = `${PASSWORD}-changed`
  try {
    await open(page, '/dashboard')
    await page.locator('[data-test="account"]').click()
    await page.locator('[data-test="menu-password"]').click()
    const dialog = page.locator('.el-dialog', { hasText: '确认新密码' })
    await dialog.waitFor()
    const inputs = dialog.locator('input')
    await inputs.nth(0).fill('not-the-current-password')
    await inputs.nth(1).fill('short')
    await inputs.nth(2).fill('short')
    await page.locator('[data-test="password-save"]').click()
    await dialog.getByText('密码至少需要 12 个字符').waitFor()
    await inputs.nth(1).fill(changed)
    await inputs.nth(2).fill(changed)
    await page.locator('[data-test="password-save"]').click()
    await dialog.locator('[data-test="password-error"]').waitFor()
    await screenshot(page, 'change-password', { fullPage: false })
    await inputs.nth(0).fill(PASSWORD)
    await page.locator('[data-test="password-save"]').click()
    await page.locator('.el-message--success').getByText('密码已修改').waitFor()
    // this session goes on; the new password signs in
    assert.equal((await page.request.get(`${BASE_URL}/api/v1/session`)).status(), 200)
    const other = await fetch(`${BASE_URL}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'zone-reporter', password: changed }),
    })
    assert.equal(other.status, 200)
    assert.deepEqual(page.errors, [])
  } finally {
    // the demo password again, for the other tests
    await page.request.put(`${BASE_URL}/api/v1/session/password`, {
      headers: { 'X-CSRF-Token': await csrfToken(page) },
      data: { current: changed, new: PASSWORD },
    })
    await page.context().close()
  }
})
