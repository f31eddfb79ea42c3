import { describe, expect, it } from 'vitest'
import { passwordProblem, retryWait, safeNext, tokenState } from './account.js'

describe('safeNext', () => {
  it('keeps a path of this site with its query and fragment', () => {
    expect(safeNext('/data?unit=370171-01&year=2019')).toBe('/data?unit=370171-01&year=2019')
    expect(safeNext('/audit?actor=bonded-reporter#top')).toBe('/audit?actor=bonded-reporter#top')
    expect(safeNext(['/brief?unit=370171', '/x'])).toBe('/brief?unit=370171')
  })
  it('refuses other sites, however they are written', () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/path',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      ' /dashboard',
      '/\tevil',
      'evil.example',
      'data:text/html,hi',
    ]) {
      expect(safeNext(next), next).toBe('/')
    }
  })
  it('does not return to the sign-in or setup pages, and gives home for nothing', () => {
    expect(safeNext('/login?next=/data')).toBe('/')
    expect(safeNext('/setup')).toBe('/')
    expect(safeNext(undefined)).toBe('/')
    expect(safeNext('')).toBe('/')
    expect(safeNext(null)).toBe('/')
  })
  it('resolves dots without leaving the site', () => {
    expect(safeNext('/a/../../dashboard')).toBe('/dashboard')
  })
})

describe('retryWait', () => {
  it('says seconds under a minute and whole minutes above', () => {
    expect(retryWait(30)).toEqual({ unit: 'seconds', n: 30 })
    expect(retryWait('59')).toEqual({ unit: 'seconds', n: 59 })
    expect(retryWait(60)).toEqual({ unit: 'minutes', n: 1 })
    expect(retryWait(61)).toEqual({ unit: 'minutes', n: 2 })
    expect(retryWait(900)).toEqual({ unit: 'minutes', n: 15 })
  })
  it('is nothing without a usable value', () => {
    expect(retryWait(null)).toBeNull()
    expect(retryWait(0)).toBeNull()
    expect(retryWait('soon')).toBeNull()
  })
})

describe('passwordProblem', () => {
  it('needs twelve characters, counted as characters', () => {
    expect(passwordProblem('short', 'admin')).toBe('tooShort')
    expect(passwordProblem('elevenchars', 'admin')).toBe('tooShort')
    expect(passwordProblem('twelve chars', 'admin')).toBe('')
    expect(passwordProblem('经济运行监测系统密码十二个', 'admin')).toBe('')
  })
  it('refuses the user name, and a password containing a name of four characters or more', () => {
    expect(passwordProblem('Bonded-Reporter', 'bonded-reporter')).toBe('containsName')
    expect(passwordProblem('my-admin-password', 'admin')).toBe('containsName')
    expect(passwordProblem('the-bob-password', 'bob')).toBe('')
  })
})

describe('tokenState', () => {
  const now = new Date('2024-06-01T00:00:00Z')
  it('is revoked, expired or active', () => {
    expect(tokenState({ revoked_at: '2024-05-01T00:00:00Z', expires_at: '2025-01-01T00:00:00Z' }, now)).toBe('revoked')
    expect(tokenState({ revoked_at: null, expires_at: '2024-05-31T23:59:59Z' }, now)).toBe('expired')
    expect(tokenState({ revoked_at: null, expires_at: '2024-09-01T00:00:00Z' }, now)).toBe('active')
  })
})
