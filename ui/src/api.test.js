import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('./i18n.js', () => ({ t: (key) => key }))

const { ApiError, getPlan, getUnits, onUnauthorized, putObservations, putPlanReport, setCsrfToken, signIn, signOffTask } = await import('./api.js')

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

  it('writes a month’s report to its item and month, and signs a task off', async () => {
    setCsrfToken('tok')
    fetchMock.mockImplementation(async () => answer(200, { result: {} }))
    await putPlanReport('projects', 'ZO-01', '2020-06', { completed: 1.5, progress: '', problems: '' })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/plan/projects/ZO-01/reports/2020-06')
    expect(init.method).toBe('PUT')
    expect(JSON.parse(init.body)).toEqual({ completed: 1.5, progress: '', problems: '' })
    expect(init.headers['X-CSRF-Token']).toBe('tok')
    await signOffTask('ZJ-SEAL')
    expect(fetchMock.mock.calls[1][0]).toBe('/api/v1/plan/tasks/ZJ-SEAL/signoff')
    expect(JSON.parse(fetchMock.mock.calls[1][1].body)).toEqual({})
    await signOffTask('ZJ-SEAL', '2020-06-30')
    expect(JSON.parse(fetchMock.mock.calls[2][1].body)).toEqual({ day: '2020-06-30' })
  })

  it('reads the plan with only the filters given', async () => {
    fetchMock.mockResolvedValue(answer(200, { tree: [] }))
    await getPlan({ unit: '370171-02', today: '', month: undefined })
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/plan?unit=370171-02')
  })

  it('shows a refusal of the server as it is', async () => {
    fetchMock.mockResolvedValue(
      answer(403, { error: { code: 'forbidden', message: 'zo-reporter may not report on project FUNENG: its units are outside the scope 370171-02' } }),
    )
    await expect(putPlanReport('projects', 'FUNENG', '2020-06', { completed: 1 })).rejects.toMatchObject({
      status: 403,
      message: 'zo-reporter may not report on project FUNENG: its units are outside the scope 370171-02',
    })
  })
})
