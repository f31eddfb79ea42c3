// Shared by the browser tests: the server under test (BASE_URL, a zoneboard with the demo data
// loaded, every demo user's password in E2E_PASSWORD), Chromium through playwright-core, pages
// signed in as a demo user, screenshots into SCREENSHOT_DIR, calls to the JSON API, and a small
// reader of xlsx workbooks (a zip of XML parts) for the export test.
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { inflateRawSync } from 'node:zlib'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')
export const SCREENSHOT_DIR = path.resolve(process.env.SCREENSHOT_DIR || path.join(here, '..', '..', 'screenshots'))
// `zoneboard demo --password P` gives every demo user the password P
export const PASSWORD = process.env.E2E_PASSWORD || ''

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

// newPage opens a page at a desktop size, in Chinese like the users' browsers, signed in as a
// demo user (admin unless { user: 'viewer' }; { user: null } stays signed out), and collects
// the page's script errors so that a test can assert there were none. Signing in goes through
// the API on the page's own cookie jar, so the page opens signed in.
export async function newPage(browser, { user = 'admin', ...options } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
    ...options,
  })
  const page = await context.newPage()
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(e.message))
  page.setDefaultTimeout(20000)
  if (user) {
    const res = await page.request.post(`${BASE_URL}/api/v1/session`, { data: { name: user, password: PASSWORD } })
    if (!res.ok()) throw new Error(`signing in as ${user} failed: ${res.status()} ${await res.text()}`)
  }
  return page
}

// csrfToken reads the CSRF token of the page's session, for a write sent with page.request.
export async function csrfToken(page) {
  const res = await page.request.get(`${BASE_URL}/api/v1/session`)
  if (!res.ok()) throw new Error(`no session: ${res.status()} ${await res.text()}`)
  return (await res.json()).csrf_token
}

export async function open(page, pathAndQuery) {
  await page.goto(BASE_URL + pathAndQuery, { waitUntil: 'networkidle' })
}

// screenshot saves the whole page; a dialog is photographed as the screen shows it.
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  // let charts finish their short animation; photograph from the top of the page
  await page.waitForTimeout(600)
  await page.evaluate(() => window.scrollTo(0, 0))
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path: file, fullPage })
  return file
}

// Sessions of the API calls below, by user: signed in once per test file.
const sessions = new Map()

async function apiSession(user) {
  if (!sessions.has(user)) {
    sessions.set(
      user,
      (async () => {
        const res = await fetch(`${BASE_URL}/api/v1/session`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ name: user, password: PASSWORD }),
        })
        if (!res.ok) throw new Error(`signing in as ${user} failed: ${res.status} ${await res.text()}`)
        const cookie = res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ')
        return { cookie, csrf: (await res.json()).csrf_token }
      })(),
    )
  }
  return sessions.get(user)
}

// api calls the JSON API as a demo user (admin unless told), with the session's cookie and,
// for a write, its CSRF token.
export async function api(method, pathAndQuery, body, { user = 'admin' } = {}) {
  const { cookie, csrf } = await apiSession(user)
  const init = { method, headers: { Accept: 'application/json', Cookie: cookie } }
  if (method !== 'GET' && method !== 'HEAD') init.headers['X-CSRF-Token'] = csrf
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  const res = await fetch(`${BASE_URL}/api/v1${pathAndQuery}`, init)
  const text = await res.text()
  let json = null
  try {
    json = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: res.status, json, text }
}

// --- xlsx ---------------------------------------------------------------------------------

function unzip(buf) {
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not an xlsx workbook (no zip directory): ' + buf.subarray(0, 80).toString('utf8'))
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  const files = new Map()
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('broken zip directory')
    const method = buf.readUInt16LE(p + 10)
    const size = buf.readUInt32LE(p + 20)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const raw = buf.subarray(start, start + size)
    files.set(name, method === 8 ? inflateRawSync(raw) : raw)
    p += 46 + nameLen + extraLen + commentLen
  }
  return files
}

const unescapeXml = (s) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')

const texts = (xml) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1])).join('')

const columnIndex = (ref) => {
  const letters = /^[A-Z]+/.exec(ref)[0]
  let n = 0
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

// readXlsx returns the first sheet of a workbook as rows of cell texts.
export function readXlsx(fileOrBuffer) {
  const files = unzip(Buffer.isBuffer(fileOrBuffer) ? fileOrBuffer : readFileSync(fileOrBuffer))
  const text = (name) => (files.has(name) ? files.get(name).toString('utf8') : '')
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]))
  const workbook = text('xl/workbook.xml')
  const rels = text('xl/_rels/workbook.xml.rels')
  const firstSheet = /<sheet\b[^>]*r:id="([^"]+)"/.exec(workbook)
  let sheetPath = 'xl/worksheets/sheet1.xml'
  if (firstSheet) {
    const rel = new RegExp(`<Relationship\\b[^>]*Id="${firstSheet[1]}"[^>]*Target="([^"]+)"`).exec(rels) ||
      new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${firstSheet[1]}"`).exec(rels)
    if (rel) sheetPath = rel[1].startsWith('/') ? rel[1].slice(1) : `xl/${rel[1]}`
  }
  const sheet = text(sheetPath)
  if (!sheet) throw new Error(`the workbook has no sheet at ${sheetPath}`)
  const rows = []
  for (const rm of sheet.matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
    const r = Number(/\br="(\d+)"/.exec(rm[1])?.[1] || rows.length + 1) - 1
    const cells = []
    for (const cm of rm[2].matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cm[1]
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1]
      const type = /\bt="(\w+)"/.exec(attrs)?.[1] || 'n'
      const body = cm[2] || ''
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1]
      let value = ''
      if (type === 's') value = shared[Number(v)] ?? ''
      else if (type === 'inlineStr') value = texts(body)
      else if (v != null) value = unescapeXml(v)
      cells[ref ? columnIndex(ref) : cells.length] = value
    }
    rows[r] = Array.from(cells, (c) => c ?? '')
  }
  return Array.from(rows, (r) => r ?? [])
}
