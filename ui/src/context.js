// The unit and period a person is looking at, carried from page to page by the menu and kept
// in localStorage, so that the next visit opens where the last one ended. The URL stays the
// source of truth of each page; this only fills in what a URL leaves out.
import { reactive } from 'vue'

const KEY = 'zoneboard.context'

function read() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) || '{}')
    return { unit: String(v.unit || ''), period: String(v.period || '') }
  } catch {
    return { unit: '', period: '' }
  }
}

export const context = reactive(read())

export function remember(patch) {
  let changed = false
  for (const k of ['unit', 'period']) {
    if (patch[k] && patch[k] !== context[k]) {
      context[k] = patch[k]
      changed = true
    }
  }
  if (changed) {
    try {
      localStorage.setItem(KEY, JSON.stringify({ unit: context.unit, period: context.period }))
    } catch {
      // not kept: fine
    }
  }
}
