// The signed-in user: read once at start (GET /api/v1/session) before any protected page is
// routed, set by signing in or by the first admin's setup, cleared by signing out or when the
// server says the session has ended. The CSRF token of the session goes to the API client.
import { reactive } from 'vue'
import { getSession, setCsrfToken, signIn as postSession, signOut as deleteSession } from './api.js'
import { can as userCan, canReport as userCanReport, canWriteUnit as userCanWriteUnit } from './lib/access.js'

export const session = reactive({
  user: null,
  loaded: false,
})

// adopt takes the answer of POST/GET /session or POST /setup: {user, csrf_token}.
export function adopt(answer) {
  session.user = (answer && answer.user) || null
  setCsrfToken(session.user ? answer.csrf_token : '')
  session.loaded = true
}

// forget drops the session: signed out, or ended on the server.
export function forget() {
  session.user = null
  setCsrfToken('')
  session.loaded = true
}

let pending = null

// loadSession asks the server who is signed in, once; a 401 means nobody. Any other failure
// (the server cannot be reached) is thrown, and asked again next time.
export function loadSession() {
  if (session.loaded) return Promise.resolve(session.user)
  if (!pending) {
    pending = getSession()
      .then(adopt, (err) => {
        if (err && err.status === 401) return forget()
        throw err
      })
      .then(() => session.user)
      .finally(() => {
        pending = null
      })
  }
  return pending
}

export async function signIn(name, password) {
  adopt(await postSession(name, password))
  return session.user
}

// signOut ends the session on the server; the page forgets it even when the server cannot
// be reached, so that nobody else at this browser works under the name.
export async function signOut() {
  try {
    await deleteSession()
  } finally {
    forget()
  }
}

// what the signed-in user may do: can('observations.write'), canWriteUnit('370171-01')
export const can = (permission) => userCan(session.user, permission)
export const canWriteUnit = (code) => userCanWriteUnit(session.user, code)
// canReport(['370171-02']): may report on a task or project of these units
export const canReport = (units) => userCanReport(session.user, units)
