// Signing in and the account's own things: where to go after signing in, how long to wait
// after too many failures, what a new password must be, and whether an API token still works.

const HOME = '/'
const PROBE = 'http://zoneboard.invalid'

// safeNext turns the ?next= of the sign-in page into a path of this site, so that a link
// cannot send a person who signs in to another site: only relative paths are kept, the
// sign-in and setup pages are not returned to, and anything else gives the home page.
export function safeNext(next) {
  const s = Array.isArray(next) ? next[0] : next
  if (typeof s !== 'string' || !s.startsWith('/') || s.startsWith('//')) return HOME
  // browsers read a backslash as a slash (/\evil.example is another host); controls too
  if (/[\\\u0000-\u001f\u007f]/.test(s)) return HOME
  let url
  try {
    url = new URL(s, PROBE)
  } catch {
    return HOME
  }
  if (url.origin !== PROBE) return HOME
  if (/^\/(login|setup)\/?$/.test(url.pathname)) return HOME
  return url.pathname + url.search + url.hash
}

// retryWait reads a Retry-After in seconds as the wait to tell a person: seconds under a
// minute, else whole minutes rounded up. null when there is no usable value.
export function retryWait(retryAfter) {
  const s = Number(retryAfter)
  if (!Number.isFinite(s) || s <= 0) return null
  if (s < 60) return { unit: 'seconds', n: Math.ceil(s) }
  return { unit: 'minutes', n: Math.ceil(s / 60) }
}

export const MIN_PASSWORD_LENGTH = 12

// passwordProblem checks a new password as the server does ('' when it is fine): at least 12
// characters, and not the user name nor, for a name of four characters or more, containing it.
export function passwordProblem(password, name = '') {
  const p = String(password || '')
  if ([...p].length < MIN_PASSWORD_LENGTH) return 'tooShort'
  const n = String(name || '').toLowerCase()
  const lower = p.toLowerCase()
  if (n && (lower === n || (n.length >= 4 && lower.includes(n)))) return 'containsName'
  return ''
}

// tokenState says whether an API token still works: 'revoked', 'expired' or 'active'.
export function tokenState(token, now = new Date()) {
  if (token.revoked_at) return 'revoked'
  const expires = token.expires_at ? new Date(token.expires_at) : null
  if (expires && !Number.isNaN(expires.getTime()) && expires <= now) return 'expired'
  return 'active'
}
