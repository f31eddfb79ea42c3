// The catalog: units, peer groups and indicators, read from the API when a user signs in and
// shared by every page; Settings reloads it after a change. The server gives only the units
// in the user's scope.
import { computed, reactive } from 'vue'
import { getGroups, getIndicators, getUnits, messageOf } from './api.js'
import { context } from './context.js'

export const catalog = reactive({
  units: [],
  groups: [],
  indicators: [],
  loaded: false,
  loading: false,
  error: '',
})

let pending = null

export function loadCatalog(force = false) {
  if (pending) return pending
  if (catalog.loaded && !force) return Promise.resolve()
  catalog.loading = true
  pending = Promise.all([getUnits(), getGroups(), getIndicators()])
    .then(([u, g, i]) => {
      catalog.units = u.units || []
      catalog.groups = g.groups || []
      catalog.indicators = i.indicators || []
      catalog.loaded = true
      catalog.error = ''
    })
    .catch((err) => {
      catalog.error = messageOf(err)
    })
    .finally(() => {
      catalog.loading = false
      pending = null
    })
  return pending
}

// resetCatalog forgets what was read: another user may see other units.
export function resetCatalog() {
  Object.assign(catalog, { units: [], groups: [], indicators: [], loaded: false, error: '' })
}

const unitIndex = computed(() => new Map(catalog.units.map((u) => [u.code, u])))
const indicatorIndex = computed(() => new Map(catalog.indicators.map((i) => [i.code, i])))
const groupIndex = computed(() => new Map(catalog.groups.map((g) => [g.code, g])))

export const unitOf = (code) => unitIndex.value.get(code)
export const indicatorOf = (code) => indicatorIndex.value.get(code)
export const groupOf = (code) => groupIndex.value.get(code)

const en = (lang) => String(lang || '').startsWith('en')

export function unitName(code, lang) {
  const u = unitOf(code)
  if (!u) return code || ''
  return (en(lang) && u.name_en) || u.name || code
}

export function indicatorName(code, lang) {
  const i = indicatorOf(code)
  if (!i) return code || ''
  return (en(lang) && i.name_en) || i.name || code
}

export function groupName(code) {
  const g = groupOf(code)
  return (g && g.name) || code || ''
}

// siblings are the units that share code's parent, the unit included: the default peers.
export function siblings(code) {
  const u = unitOf(code)
  if (!u || !u.parent) return u ? [u.code] : []
  return catalog.units.filter((x) => x.parent === u.parent).map((x) => x.code)
}

export const childrenOf = (code) => catalog.units.filter((x) => x.parent === code).map((x) => x.code)

// homeUnit is the unit a first visit opens: a functional zone that has parks under it (the
// zone whose committee runs the system), else the first zone, else the first unit.
export function homeUnit() {
  const zones = catalog.units.filter((u) => u.kind === 'zone')
  const withChildren = zones.find((z) => catalog.units.some((u) => u.parent === z.code))
  return (withChildren || zones[0] || catalog.units[0] || {}).code || ''
}

// startUnit is the unit a page opens when its address names none: the one looked at last if
// the user may still see it (another user may have signed in since), else the home unit.
export const startUnit = () => (unitOf(context.unit) && context.unit) || homeUnit()

// groupsContaining lists the peer groups a unit belongs to.
export const groupsContaining = (code) => catalog.groups.filter((g) => (g.members || []).includes(code))

// unitOptionGroups groups units under their parents' names, for selectors.
export function unitOptionGroups(lang) {
  const groups = new Map()
  for (const u of catalog.units) {
    const key = u.parent || ''
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key).push(u)
  }
  return [...groups.entries()].map(([parent, units]) => ({
    parent,
    label: parent ? unitName(parent, lang) : '',
    units,
  }))
}
