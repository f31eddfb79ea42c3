import { describe, expect, it } from 'vitest'
import { can, canReport, canWriteUnit, inScope, scopeProblem, scopedRole, unitTree } from './access.js'

const reporter = {
  name: 'bonded-reporter',
  role: 'reporter',
  scope: ['370171-01'],
  scope_units: ['370171-01'],
  permissions: ['observations.write', 'import', 'reports.write'],
}
const admin = { name: 'admin', role: 'admin', scope: [], scope_units: null, permissions: ['observations.write', 'users.manage', 'audit.read'] }
const viewer = { name: 'viewer', role: 'viewer', scope: [], scope_units: null, permissions: [] }
const analyst = { name: 'analyst', role: 'analyst', scope: [], scope_units: null, permissions: ['import', 'indicators.write', 'templates.write'] }

describe('permissions', () => {
  it('are what the session lists, and nothing for nobody', () => {
    expect(can(admin, 'users.manage')).toBe(true)
    expect(can(reporter, 'users.manage')).toBe(false)
    expect(can(reporter, 'observations.write')).toBe(true)
    expect(can(null, 'observations.write')).toBe(false)
    expect(can({ name: 'x' }, 'import')).toBe(false)
  })
  it('scope_units null is every unit; a list is those units only', () => {
    expect(inScope(admin, '370171-02')).toBe(true)
    expect(inScope(viewer, '370171-02')).toBe(true)
    expect(inScope(reporter, '370171-01')).toBe(true)
    expect(inScope(reporter, '370171-02')).toBe(false)
    expect(inScope(reporter, '370171')).toBe(false)
    expect(inScope(null, '370171')).toBe(false)
  })
  it('writing a unit needs observations.write and the unit in scope', () => {
    expect(canWriteUnit(reporter, '370171-01')).toBe(true)
    expect(canWriteUnit(reporter, '370171-02')).toBe(false)
    expect(canWriteUnit(admin, '370171-02')).toBe(true)
    expect(canWriteUnit(viewer, '370171-01')).toBe(false)
    expect(canWriteUnit(analyst, '370171-01')).toBe(false)
  })
})

describe('roles and scopes', () => {
  it('reporters and viewers are scoped; admins and analysts are not', () => {
    expect(['admin', 'analyst', 'reporter', 'viewer'].map(scopedRole)).toEqual([false, false, true, true])
  })
  it('a reporter needs a scope; an admin or analyst takes none; a viewer may have either', () => {
    expect(scopeProblem('reporter', [])).toBe('reporterNeedsScope')
    expect(scopeProblem('reporter', ['370171-01'])).toBe('')
    expect(scopeProblem('admin', ['370171'])).toBe('noScopeForRole')
    expect(scopeProblem('analyst', [])).toBe('')
    expect(scopeProblem('viewer', [])).toBe('')
    expect(scopeProblem('viewer', ['370171'])).toBe('')
  })
})

describe('unitTree', () => {
  const units = [
    { code: '3701', name: '济南市', parent: '37' },
    { code: '370171', name: '济南高新区', parent: '3701' },
    { code: '370102', name: '历下区', parent: '3701' },
    { code: '370171-01', name: '综合保税区', parent: '370171' },
    { code: '370171-02', name: '中欧制造业发展中心', parent: '370171' },
  ]
  it('nests units under their parents, in the order listed, with roots whose parent is missing', () => {
    expect(unitTree(units)).toEqual([
      {
        value: '3701',
        label: '济南市',
        children: [
          {
            value: '370171',
            label: '济南高新区',
            children: [
              { value: '370171-01', label: '综合保税区' },
              { value: '370171-02', label: '中欧制造业发展中心' },
            ],
          },
          { value: '370102', label: '历下区' },
        ],
      },
    ])
  })
  it('labels units as asked, and a scope-limited list makes its own roots', () => {
    expect(unitTree(units.slice(3), (u) => u.code)).toEqual([
      { value: '370171-01', label: '370171-01' },
      { value: '370171-02', label: '370171-02' },
    ])
  })
})

describe('plan reports', () => {
  const zoReporter = { ...reporter, name: 'zo-reporter', scope: ['370171-02'], scope_units: ['370171-02'] }
  const planAnalyst = { ...analyst, permissions: [...analyst.permissions, 'plans.write', 'reports.write'] }
  it('need the right to report and one of the item’s units in scope', () => {
    expect(canReport(zoReporter, ['370171-02', '370171-02'])).toBe(true)
    expect(canReport(zoReporter, ['370171-03', '370171-03'])).toBe(false)
    // a task reports to its lead unit and its cooperating units alike
    expect(canReport(zoReporter, ['370171', '370171-02'])).toBe(true)
    expect(canReport(zoReporter, ['370171-03', ''])).toBe(false)
    expect(canReport(planAnalyst, ['370171-03'])).toBe(true)
    expect(canReport(viewer, ['370171-02'])).toBe(false)
    expect(canReport(null, ['370171-02'])).toBe(false)
    expect(canReport(zoReporter, [])).toBe(false)
  })
})
