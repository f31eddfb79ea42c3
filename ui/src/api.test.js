import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('./i18n.js', () => ({ t: (key) => key }))

const { ApiError, getUnits, onUnauthorized, putObservations, setCsrfToken, signIn } = await import('./api.js')

const answer = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

describe('the API client', () => {
  let fetchMock
  beforeEach(() => {
    fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    setCsrfToken('')
    onUnauthorized(null)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('sends the CSRF token with writes, not with reads', async () => {
    setCsrfToken('tok123')
    fetchMock.mockResolvedValue(answer(200, { units: [] }))
    await getUnits()
    expect(fetchMock.mock.calls[0][1].headers['X-CSRF-Token']).toBeUndefined()
    expect(fetchMock.mock.calls[0][1].credentials).toBe('same-origin')
    fetchMock.mockResolvedValue(answer(200, { result: {} }))
    await putObservations([])
    expect(fetchMock.mock.calls[1][1].headers['X-CSRF-Token']).toBe('tok123')
  })

  it('reports a 401 of any call but the session’s as a session that ended', async () => {
    const ended = vi.fn()
    onUnauthorized(ended)
    fetchMock.mockResolvedValue(answer(401, { error: { code: 'unauthorized', message: 'sign in' } }))
    await expect(getUnits()).rejects.toBeInstanceOf(ApiError)
    expect(ended).toHaveBeenCalledTimes(1)
    fetchMock.mockResolvedValue(answer(401, { error: { code: 'unauthorized', message: 'wrong user name or password' } }))
    await expect(signIn('admin', 'nope')).rejects.toMatchObject({ status: 401, message: 'wrong user name or password' })
    expect(ended).toHaveBeenCalledTimes(1)
  })

  it('keeps the wait of a refused sign-in', async () => {
    fetchMock.mockResolvedValue(
      answer(429, { error: { code: 'too_many_requests', message: 'try again in 5 minutes' } }, { 'Retry-After': '300' }),
    )
    await expect(signIn('admin', 'x')).rejects.toMatchObject({ status: 429, retryAfter: 300, code: 'too_many_requests' })
  })
})
