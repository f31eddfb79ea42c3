// The audit log's pieces apart from the page: the actions, the list's query, and the
// comparison of a definition before and after a write.

export const ACTIONS = [
  'observations.write',
  'observations.delete',
  'import',
  'unit.write',
  'group.write',
  'indicator.write',
  'template.write',
  'user.create',
  'user.update',
  'user.password',
  'token.create',
  'token.revoke',
  'session.login',
  'session.login_failed',
  'session.logout',
  'access.denied',
  'export',
  'setup',
  'demo.load',
  'plan.write',
  'plan.delete',
  'plan.import',
  'report.write',
  'task.sign_off',
]

export const PAGE_SIZE = 50

// auditParams writes the page's filters as the query of GET /api/v1/audit.
export function auditParams({ actor, action, unit, from, to, page }, pageSize = PAGE_SIZE) {
  const p = Number.isInteger(page) && page > 1 ? page : 1
  return { actor, action, unit, from, to, limit: pageSize, offset: (p - 1) * pageSize }
}

const isObject = (x) => x != null && typeof x === 'object' && !Array.isArray(x)

// fieldChanges compares a record before and after a write, field by field: the fields of
// before in their order, then those only after has. A record that is not an object (a
// template's text) is one row with no field name.
export function fieldChanges(before, after) {
  if (!isObject(before) && !isObject(after)) {
    return before == null && after == null ? [] : [{ field: '', before: before ?? null, after: after ?? null, changed: !same(before, after) }]
  }
  const b = isObject(before) ? before : {}
  const a = isObject(after) ? after : {}
  const fields = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))]
  return fields.map((field) => ({
    field,
    before: field in b ? b[field] : null,
    after: field in a ? a[field] : null,
    changed: !same(b[field], a[field]),
  }))
}

const same = (x, y) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null)

const DEFINITION_KINDS = ['units', 'groups', 'indicators']

// A write of definitions records them by kind and code: {units: {"370171-07": {...}}, ...}.
const isDefinitionSet = (x) =>
  isObject(x) && Object.keys(x).length > 0 && Object.keys(x).every((k) => DEFINITION_KINDS.includes(k) && isObject(x[k]))

// recordChanges splits what a write recorded before and after into the records it wrote, each
// compared field by field: one per unit, group or indicator of a write of definitions, else
// the one record written (a user, a setting).
export function recordChanges(before, after) {
  if (isDefinitionSet(before) || isDefinitionSet(after)) {
    const records = []
    for (const kind of DEFINITION_KINDS) {
      const b = (isObject(before) && before[kind]) || {}
      const a = (isObject(after) && after[kind]) || {}
      for (const code of [...Object.keys(a), ...Object.keys(b).filter((c) => !(c in a))]) {
        records.push({ kind, code, fields: fieldChanges(b[code] ?? null, a[code] ?? null) })
      }
    }
    return records
  }
  const fields = fieldChanges(before, after)
  return fields.length ? [{ kind: '', code: '', fields }] : []
}

// fieldText writes a field's value for the comparison table: text as it is, lists joined,
// objects as indented JSON, nothing for null.
export function fieldText(v) {
  if (v == null) return ''
  if (typeof v === 'string') return v
  if (Array.isArray(v) && v.every((x) => x == null || typeof x !== 'object')) return v.join(', ')
  if (typeof v === 'object') return JSON.stringify(v, null, 2)
  return String(v)
}

// The server writes each entry's summary once, in English, when the write happens; a Chinese
// page shows it in Chinese. What no rule knows is shown as written.
const kindsZh = { observations: '观测值', units: '单位', indicators: '指标', groups: '分组', goal: '目标', target: '指标目标',
  task: '重点任务', project: '重点项目' }
const summaryRulesZh = [
  [/^(\d+) observations deleted$/, (_, n) => `删除观测值${n}条`],
  [/^user (\S+) created as (\S+)$/, (_, u, r, who) => `新建用户 ${who(u)}（${r}）`],
  [/^user (\S+): password changed$/, (_, u, who) => `用户 ${who(u)} 修改密码`],
  [/^user (\S+) changed$/, (_, u, who) => `修改用户 ${who(u)}`],
  [/^signed in$/, () => '登录成功'],
  [/^wrong password$/, () => '密码错误'],
  [/^unknown user name$/, () => '用户名不存在'],
  [/^token "(.*)" \((\S+)…\) for (\S+), valid until (\S+)$/, (_, n, p, u, d, who) => `为 ${who(u)} 创建令牌“${n}”（${p}…），有效期至 ${d}`],
  [/^token "(.*)" \((\S+)…\) of (\S+) revoked$/, (_, n, p, u, who) => `吊销 ${who(u)} 的令牌“${n}”（${p}…）`],
  [/^brief_template saved$/, () => '保存简报模板'],
  [/^brief_template reset to the built-in one$/, () => '简报模板恢复为内置模板'],
  [/^(goal|target|task|project) (\S+): report of (\S+) (created|changed)$/, (_, k, c, m, v) =>
    `${kindsZh[k]} ${c}：${m} 月报${v === 'created' ? '填报' : '修改'}`],
  [/^(goal|target|task|project) (\S+) (created|changed|deleted)$/, (_, k, c, v) =>
    `${{ created: '新建', changed: '修改', deleted: '删除' }[v]}${kindsZh[k]} ${c}`],
]

// summaryText is an entry's summary in the page's language; who names a user (by display
// name) where the summary speaks of one.
export function summaryText(summary, lang, who = (u) => u) {
  if (!summary || lang === 'en') return summary || ''
  for (const [pattern, write] of summaryRulesZh) {
    const m = summary.match(pattern)
    if (m) return write(...m, who)
  }
  // "observations 3 new, 1 changed; units 1 new"
  const parts = summary.split('; ').map((part) => {
    const m = part.match(/^(observations|units|indicators|groups) (.+)$/)
    if (!m) return null
    const counts = m[2].split(', ').map((c) => c.replace(/^(\d+) new$/, '新增$1条').replace(/^(\d+) changed$/, '修改$1条'))
    return kindsZh[m[1]] + counts.join('、')
  })
  return parts.every(Boolean) ? parts.join('；') : summary
}

// actorLabel names who wrote an entry as a person reads it: a user by its display name, with
// the user name beside it (sub); the command line acting as a user (cli:NAME) likewise; the
// demo loader, the command line and removed users by what the log holds. displayNames maps
// user names to display names.
export function actorLabel(actor, displayNames) {
  const name = String(actor || '')
  const display = (n) => (displayNames && displayNames.get(n)) || ''
  if (display(name) && display(name) !== name) return { label: display(name), sub: name }
  const cli = /^cli:(.+)$/.exec(name)
  if (cli && display(cli[1])) return { label: display(cli[1]), sub: name }
  return { label: name, sub: '' }
}
