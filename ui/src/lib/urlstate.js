// The state of a page lives in its URL (?unit=370171&period=2019&indicator=gdp,retail_sales)
// so that a page can be bookmarked and shared. A schema names each parameter's kind:
// 'string', 'list' (comma-separated) or 'int'.

export function readList(v) {
  const parts = Array.isArray(v) ? v : v == null ? [] : [v]
  const out = []
  for (const p of parts) {
    for (const s of String(p).split(',')) {
      const t = s.trim()
      if (t && !out.includes(t)) out.push(t)
    }
  }
  return out
}

function readString(v) {
  const s = Array.isArray(v) ? v[0] : v
  return s == null ? '' : String(s).trim()
}

// stateFromQuery reads a route's query into a state object, with every schema key present.
export function stateFromQuery(query, schema) {
  const state = {}
  for (const [key, kind] of Object.entries(schema)) {
    const v = query?.[key]
    if (kind === 'list') state[key] = readList(v)
    else if (kind === 'int') {
      const n = Number.parseInt(readString(v), 10)
      state[key] = Number.isFinite(n) ? n : null
    } else state[key] = readString(v)
  }
  return state
}

// queryFromState writes a state back into a query, leaving out empty values, and keeps the
// parameters outside the schema (such as lang) as they were in base.
export function queryFromState(state, schema, base = {}) {
  const query = {}
  for (const [k, v] of Object.entries(base || {})) if (!(k in schema) && v != null && v !== '') query[k] = v
  for (const [key, kind] of Object.entries(schema)) {
    const v = state[key]
    if (kind === 'list') {
      const list = readList(v)
      if (list.length) query[key] = list.join(',')
    } else if (v != null && String(v).trim() !== '') query[key] = String(v).trim()
  }
  return query
}

// sameQuery compares two queries as URLs would.
export function sameQuery(a, b) {
  const ka = Object.keys(a || {}).filter((k) => a[k] != null && a[k] !== '')
  const kb = Object.keys(b || {}).filter((k) => b[k] != null && b[k] !== '')
  if (ka.length !== kb.length) return false
  return ka.every((k) => String(a[k]) === String(b?.[k]))
}

// normalizeLang maps zh, zh-CN, zh-Hans, en, en-US... to 'zh-CN' or 'en'; '' if neither.
export function normalizeLang(s) {
  const v = String(s || '').trim().toLowerCase()
  if (v === 'zh' || v.startsWith('zh-') || v.startsWith('zh_') || v === 'cn') return 'zh-CN'
  if (v === 'en' || v.startsWith('en-') || v.startsWith('en_')) return 'en'
  return ''
}

// resolveLang chooses the interface language: the URL's ?lang= first, then the choice kept
// in localStorage, then Chinese (the users' language) whatever the browser says.
export function resolveLang(queryLang, storedLang) {
  return normalizeLang(queryLang) || normalizeLang(storedLang) || 'zh-CN'
}

// apiLang is the lang parameter of the API (zh or en).
export const apiLang = (lang) => (normalizeLang(lang) === 'en' ? 'en' : 'zh')
