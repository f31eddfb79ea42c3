// The client of zoneboard's public JSON API (/api/v1, described in api/openapi.json). Every
// failure becomes an ApiError whose message can be shown to a person as it is.
import { t } from './i18n.js'

export const API = '/api/v1'

export class ApiError extends Error {
  constructor(message, { code = '', status = 0, problems = [], missingEndpoint = false, retryAfter = null } = {}) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.problems = problems
    this.missingEndpoint = missingEndpoint
    // seconds to wait before trying again (Retry-After of a 429), or null
    this.retryAfter = retryAfter
  }
}

// The session cookie is HttpOnly and sent by the browser; a write authenticated by it must also
// carry the session's CSRF token, which only a page of this site can have read.
let csrfToken = ''
export function setCsrfToken(token) {
  csrfToken = token || ''
}

// Called when the server says the person is not signed in (an expired or ended session).
let unauthorizedHandler = null
export function onUnauthorized(handler) {
  unauthorizedHandler = handler
}

// The session's own endpoints answer 401 as part of their work (a wrong password, nobody
// signed in yet): that is not a session that ended.
const isSessionPath = (path) => path === '/session' || path.startsWith('/session/')
const SAFE_METHODS = new Set(['GET', 'HEAD'])

// queryString writes parameters, leaving out empty ones and joining lists with commas.
export function queryString(params = {}) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v == null) continue
    const s = Array.isArray(v) ? v.filter((x) => x != null && x !== '').join(',') : String(v)
    if (s !== '') q.set(k, s)
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

export const apiURL = (path, params) => `${API}${path}${queryString(params)}`

async function failure(res) {
  let body = null
  try {
    body = await res.json()
  } catch {
    // not JSON: a proxy's page or an empty body
  }
  const e = body && body.error
  if (e && e.message) {
    const wait = Number.parseInt(res.headers.get('Retry-After') || '', 10)
    return new ApiError(e.message, {
      code: e.code,
      status: res.status,
      problems: Array.isArray(e.problems) ? e.problems : [],
      missingEndpoint: res.status === 404 && /^no API endpoint/i.test(e.message),
      retryAfter: Number.isFinite(wait) ? wait : null,
    })
  }
  const message = res.status === 413 ? t('errors.tooLarge') : res.status === 404 ? t('errors.notFound') : t('errors.server')
  return new ApiError(message, { status: res.status, code: res.status === 404 ? 'not_found' : 'internal' })
}

async function send(method, path, { params, json, form, text, accept = 'application/json', signal } = {}) {
  const init = { method, signal, credentials: 'same-origin', headers: { Accept: accept } }
  if (!SAFE_METHODS.has(method) && csrfToken) init.headers['X-CSRF-Token'] = csrfToken
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(json)
  } else if (text !== undefined) {
    init.headers['Content-Type'] = 'text/yaml; charset=utf-8'
    init.body = text
  } else if (form) {
    init.body = form
  }
  let res
  try {
    res = await fetch(apiURL(path, params), init)
  } catch (err) {
    if (err && err.name === 'AbortError') throw err
    throw new ApiError(t('errors.network'), { code: 'network' })
  }
  if (!res.ok) {
    const err = await failure(res)
    if (res.status === 401 && !isSessionPath(path) && unauthorizedHandler) unauthorizedHandler(err)
    throw err
  }
  return res
}

async function json(method, path, opts) {
  const res = await send(method, path, opts)
  try {
    return await res.json()
  } catch {
    throw new ApiError(t('errors.server'), { code: 'internal', status: res.status })
  }
}

export const getUnits = (params) => json('GET', '/units', { params })
export const getGroups = () => json('GET', '/groups')
export const getIndicators = () => json('GET', '/indicators')
export const getObservations = (params, signal) => json('GET', '/observations', { params, signal })
export const getHistory = (key, signal) => json('GET', '/observations/history', { params: key, signal })
export const getQuery = (params, signal) => json('GET', '/query', { params, signal })
export const getBrief = (params, signal) => json('GET', '/brief', { params: { ...params, format: 'json' }, signal })
export const getDashboard = (params, signal) => json('GET', '/dashboard', { params, signal })

export const putObservations = (observations, dryRun = false) =>
  json('PUT', '/observations', { json: { observations, dry_run: dryRun } })
export const deleteObservation = (key) => json('DELETE', '/observations', { params: key })
export const putUnit = (code, unit) => json('PUT', `/units/${encodeURIComponent(code)}`, { json: unit })
export const putGroup = (code, group) => json('PUT', `/groups/${encodeURIComponent(code)}`, { json: group })
export const putIndicator = (code, indicator) =>
  json('PUT', `/indicators/${encodeURIComponent(code)}`, { json: indicator })

// --- the session, the first admin, users, API tokens, the audit log ---------------------
export const getSession = () => json('GET', '/session')
export const signIn = (name, password) => json('POST', '/session', { json: { name, password } })
export const signOut = () => json('DELETE', '/session')
export const changePassword = (current, next) => json('PUT', '/session/password', { json: { current, new: next } })
export const getSetup = () => json('GET', '/setup')
export const postSetup = ({ token, name, display_name, password }) =>
  json('POST', '/setup', { json: { token, name, display_name, password } })

export const getUsers = () => json('GET', '/users')
export const putUser = (name, user) => json('PUT', `/users/${encodeURIComponent(name)}`, { json: user })

// getTokens lists the user's own API tokens; an admin may name another user.
export const getTokens = (user) => json('GET', '/tokens', { params: { user } })
export const createToken = (name, expiresInDays) => json('POST', '/tokens', { json: { name, expires_in_days: expiresInDays } })
export const revokeToken = (id) => json('DELETE', `/tokens/${encodeURIComponent(id)}`)

export const getAudit = (params, signal) => json('GET', '/audit', { params, signal })
export const getAuditEntry = (id, signal) => json('GET', `/audit/${encodeURIComponent(id)}`, { signal })

// The briefing template is YAML text both ways.
export async function getBriefTemplate() {
  const res = await send('GET', '/brief/template', { accept: 'text/yaml, text/plain, */*' })
  return res.text()
}
export const putBriefTemplate = (yaml) => json('PUT', '/brief/template', { text: yaml })
export const deleteBriefTemplate = () => json('DELETE', '/brief/template')

// --- the annual plan: goals, targets, key tasks and projects, their reports, reminders ------
export const getPlan = (params, signal) => json('GET', '/plan', { params, signal })
export const getPlanSummary = (params, signal) => json('GET', '/plan/summary', { params, signal })
// getPlanItem reads one target, task or project (kind targets|tasks|projects) judged, with its
// reports and history.
export const getPlanItem = (kind, code, params, signal) => json('GET', `/plan/${kind}/${encodeURIComponent(code)}`, { params, signal })
// putPlanItem writes a goal, target, task or project whole (the record without its code).
export const putPlanItem = (kind, code, record) => json('PUT', `/plan/${kind}/${encodeURIComponent(code)}`, { json: record })
// putPlanReport enters or corrects a month's report (2020-06) on a task or a project.
export const putPlanReport = (kind, code, month, report) =>
  json('PUT', `/plan/${kind}/${encodeURIComponent(code)}/reports/${encodeURIComponent(month)}`, { json: report })
// signOffTask closes a task (销号) on a day, by default the server's today.
export const signOffTask = (code, day) => json('POST', `/plan/tasks/${encodeURIComponent(code)}/signoff`, { json: day ? { day } : {} })
export const getReminders = (params, signal) => json('GET', '/reminders', { params, signal })

// importFiles sends files to import; page ({ offset, limit }) chooses which of the
// observations that change the answer lists, old and new.
export function importFiles(files, dryRun, page = {}) {
  const form = new FormData()
  for (const f of files) form.append('file', f, f.name)
  return json('POST', '/import', { params: { dry_run: dryRun ? 'true' : 'false', ...page }, form })
}

// download fetches a file (an export) and hands it to the browser under the server's name.
export async function download(path, params, fallbackName) {
  const res = await send('GET', path, { params })
  const blob = await res.blob()
  const cd = res.headers.get('Content-Disposition') || ''
  let name = fallbackName
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd)
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(cd)
  if (star) name = decodeURIComponent(star[1])
  else if (plain) name = plain[1]
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
  return name
}

// messageOf says what went wrong in words, whatever was thrown.
export function messageOf(err) {
  if (err instanceof ApiError) return err.message
  return t('common.unknownError')
}
