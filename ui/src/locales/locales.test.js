import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN.js'
import en from './en.js'
import { ACTIONS } from '../lib/audit.js'
import { ROLES } from '../lib/access.js'

// keys lists every message's path, as vue-i18n reads them (a.b.c)
function keys(messages, prefix = '') {
  return Object.entries(messages).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}
const at = (messages, path) => path.split('.').reduce((m, k) => (m == null ? m : m[k]), messages)

describe('the messages', () => {
  it('are the same in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })
  it('name every audit action and role in both languages', () => {
    for (const messages of [zhCN, en]) {
      for (const action of ACTIONS) expect(typeof at(messages, `audit.actions.${action}`), action).toBe('string')
      for (const role of ROLES) expect(typeof at(messages, `roles.${role}`), role).toBe('string')
    }
  })
})
