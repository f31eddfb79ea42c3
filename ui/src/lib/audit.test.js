import { describe, expect, it } from 'vitest'
import { actorLabel, auditParams, fieldChanges, fieldText, recordChanges, summaryText } from './audit.js'

describe('auditParams', () => {
  it('turns the page number into an offset', () => {
    expect(auditParams({ actor: 'bonded-reporter', action: '', unit: '', from: '2024-01-01', to: '2024-01-31', page: 3 })).toEqual({
      actor: 'bonded-reporter',
      action: '',
      unit: '',
      from: '2024-01-01',
      to: '2024-01-31',
      limit: 50,
      offset: 100,
    })
    expect(auditParams({ page: null }, 20)).toMatchObject({ limit: 20, offset: 0 })
  })
})

describe('fieldChanges', () => {
  it('compares a definition field by field, marking what changed', () => {
    const before = { name: '高新东区', name_en: 'High-tech East District', parent: '370171', partitioned: false }
    const after = { name: '高新东区', name_en: 'East District', parent: '370171', partitioned: false, kind: 'park' }
    expect(fieldChanges(before, after)).toEqual([
      { field: 'name', before: '高新东区', after: '高新东区', changed: false },
      { field: 'name_en', before: 'High-tech East District', after: 'East District', changed: true },
      { field: 'parent', before: '370171', after: '370171', changed: false },
      { field: 'partitioned', before: false, after: false, changed: false },
      { field: 'kind', before: null, after: 'park', changed: true },
    ])
  })
  it('shows a new record as all new and lists compare by content', () => {
    expect(fieldChanges(null, { members: ['a', 'b'] })).toEqual([{ field: 'members', before: null, after: ['a', 'b'], changed: true }])
    expect(fieldChanges({ members: ['a', 'b'] }, { members: ['a', 'b'] })[0].changed).toBe(false)
  })
  it('shows text (a template) as one row, and nothing when there is nothing', () => {
    expect(fieldChanges('a: 1\n', 'a: 2\n')).toEqual([{ field: '', before: 'a: 1\n', after: 'a: 2\n', changed: true }])
    expect(fieldChanges(null, null)).toEqual([])
  })
})

describe('fieldText', () => {
  it('writes values for reading', () => {
    expect(fieldText(null)).toBe('')
    expect(fieldText('济南')).toBe('济南')
    expect(fieldText(false)).toBe('false')
    expect(fieldText(['370171-01', '370171-02'])).toBe('370171-01, 370171-02')
    expect(fieldText({ a: 1 })).toBe('{\n  "a": 1\n}')
  })
})

describe('recordChanges', () => {
  it('splits a write of definitions into its units, groups and indicators', () => {
    const before = { units: { '370171-07': { code: '370171-07', name_en: 'East' } } }
    const after = {
      units: { '370171-07': { code: '370171-07', name_en: 'East District' } },
      groups: { parks: { code: 'parks', members: ['370171-07'] } },
    }
    expect(recordChanges(before, after)).toEqual([
      {
        kind: 'units',
        code: '370171-07',
        fields: [
          { field: 'code', before: '370171-07', after: '370171-07', changed: false },
          { field: 'name_en', before: 'East', after: 'East District', changed: true },
        ],
      },
      {
        kind: 'groups',
        code: 'parks',
        fields: [
          { field: 'code', before: null, after: 'parks', changed: true },
          { field: 'members', before: null, after: ['370171-07'], changed: true },
        ],
      },
    ])
  })
  it('keeps any other record whole: a user, a setting', () => {
    expect(recordChanges({ role: 'viewer' }, { role: 'reporter' })).toEqual([
      { kind: '', code: '', fields: [{ field: 'role', before: 'viewer', after: 'reporter', changed: true }] },
    ])
    expect(recordChanges(null, { value: 'a: 1\n' })[0].fields).toEqual([{ field: 'value', before: null, after: 'a: 1\n', changed: true }])
    expect(recordChanges(null, null)).toEqual([])
  })
})

describe('summaryText', () => {
  it('writes the server summaries in Chinese', () => {
    expect(summaryText('observations 3 new, 1 changed; units 1 new', 'zh')).toBe('观测值新增3条、修改1条；单位新增1条')
    expect(summaryText('project ZO-01: report of 2020-05 changed', 'zh')).toBe('重点项目 ZO-01：2020-05 月报修改')
    expect(summaryText('task ZJ-SEAL created', 'zh')).toBe('新建重点任务 ZJ-SEAL')
    expect(summaryText('user park1 created as reporter', 'zh')).toBe('新建用户 park1（reporter）')
    const who = (u) => ({ park1: '一园区填报员' })[u] || u
    expect(summaryText('user park1 created as reporter', 'zh', who)).toBe('新建用户 一园区填报员（reporter）')
    expect(summaryText('user park1: password changed', 'zh', who)).toBe('用户 一园区填报员 修改密码')
    expect(summaryText('token "月报脚本" (zbt_ab12cd…) of park1 revoked', 'zh', who)).toBe('吊销 一园区填报员 的令牌“月报脚本”（zbt_ab12cd…）')
    expect(summaryText('token "月报脚本" (zbt_ab12cd…) for park1, valid until 2027-02-27', 'zh')).toBe('为 park1 创建令牌“月报脚本”（zbt_ab12cd…），有效期至 2027-02-27')
    expect(summaryText('2 observations deleted', 'zh')).toBe('删除观测值2条')
  })
  it('leaves English and unknown summaries as written', () => {
    expect(summaryText('task ZJ-SEAL created', 'en')).toBe('task ZJ-SEAL created')
    expect(summaryText('something new', 'zh')).toBe('something new')
    expect(summaryText('', 'zh')).toBe('')
  })
})

describe('actorLabel', () => {
  const names = new Map([
    ['bonded-reporter', '综合保税区填报员'],
    ['ops', 'ops'],
  ])
  it('names a user by its display name, with the user name beside it', () => {
    expect(actorLabel('bonded-reporter', names)).toEqual({ label: '综合保税区填报员', sub: 'bonded-reporter' })
    expect(actorLabel('cli:bonded-reporter', names)).toEqual({ label: '综合保税区填报员', sub: 'cli:bonded-reporter' })
  })
  it('leaves what is not a user with another name as the log holds it', () => {
    expect(actorLabel('demo', names)).toEqual({ label: 'demo', sub: '' })
    expect(actorLabel('ops', names)).toEqual({ label: 'ops', sub: '' })
    expect(actorLabel('removed-user', new Map())).toEqual({ label: 'removed-user', sub: '' })
    expect(actorLabel('', null)).toEqual({ label: '', sub: '' })
  })
})
