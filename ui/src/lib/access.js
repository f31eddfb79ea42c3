// Who may do what: the signed-in user's permissions and unit scope, as GET /api/v1/session
// gives them. The server enforces every rule; these only hide what a person could not use.

// can tells whether the user holds a permission (observations.write, users.manage, ...).
export const can = (user, permission) => Boolean(user && Array.isArray(user.permissions) && user.permissions.includes(permission))

// inScope tells whether a unit is one the user may read: scope_units lists the scope with
// every descendant, and null means every unit.
export function inScope(user, code) {
  if (!user) return false
  const units = user.scope_units
  return units == null || units.includes(code)
}

// canWriteUnit tells whether the user may enter or correct the figures of a unit.
export const canWriteUnit = (user, code) => can(user, 'observations.write') && inScope(user, code)

// canReport tells whether the user may report on a plan item (a month's report on a task or a
// project): the right to report and one of the item's units in scope, as the server checks.
export const canReport = (user, units) => can(user, 'reports.write') && (units || []).some((u) => u && inScope(user, u))

export const ROLES = ['admin', 'analyst', 'reporter', 'viewer']

// scopedRole tells whether a role is limited to a scope. Admins and analysts see every unit
// and the server refuses a scope for them; a reporter needs one.
export const scopedRole = (role) => role === 'reporter' || role === 'viewer'

// scopeProblem says what is wrong with a role and scope ('' when nothing).
export function scopeProblem(role, scope) {
  const n = Array.isArray(scope) ? scope.length : 0
  if (role === 'reporter' && n === 0) return 'reporterNeedsScope'
  if (!scopedRole(role) && n > 0) return 'noScopeForRole'
  return ''
}

// unitTree arranges units under their parents for a tree picker; a unit whose parent is not
// among them is a root. Siblings keep the order of the list. (The server keeps the tree free
// of cycles.)
export function unitTree(units, label = (u) => u.name || u.code) {
  const codes = new Set(units.map((u) => u.code))
  const children = new Map()
  for (const u of units) {
    const parent = u.parent && codes.has(u.parent) && u.parent !== u.code ? u.parent : ''
    if (!children.has(parent)) children.set(parent, [])
    children.get(parent).push(u)
  }
  const build = (parent) =>
    (children.get(parent) || []).map((u) => {
      const kids = build(u.code)
      return kids.length ? { value: u.code, label: label(u), children: kids } : { value: u.code, label: label(u) }
    })
  return build('')
}
