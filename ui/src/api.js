// The client of zoneboard's public JSON API (/api/v1, described in api/openapi.json). Every
// failure becomes an ApiError whose message can be shown to a person as it is.
import { t } from './i18n.js'

export const API = '/api/v1'

export class ApiError extends Error {
  constructor(message, { code = '', status = 0, problems = [], missingEndpoint = false } = {}) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.problems = problems
    this.missingEndpoint = missingEndpoint
  }
}

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
    return new ApiError(e.message, {
      code: e.code,
      status: res.status,
      problems: Array.isArray(e.problems) ? e.problems : [],
      missingEndpoint: res.status === 404 && /^no API endpoint/i.test(e.message),
    })
  }
  const message = res.status === 413 ? t('errors.tooLarge') : res.status === 404 ? t('errors.notFound') : t('errors.server')
  return new ApiError(message, { status: res.status, code: res.status === 404 ? 'not_found' : 'internal' })
}

async function send(method, path, { params, json, form, signal } = {}) {
  const init = { method, signal, headers: { Accept: 'application/json' } }
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(json)
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
  if (!res.ok) throw await failure(res)
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

export function importFiles(files, dryRun) {
  const form = new FormData()
  for (const f of files) form.append('file', f, f.name)
  return json('POST', '/import', { params: { dry_run: dryRun ? 'true' : 'false' }, form })
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
