// The interface language: Chinese by default, English on request (?lang=en or the switch in
// the header, kept in localStorage). Names of units and indicators come from the API in both.
import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN.js'
import en from './locales/en.js'
import { normalizeLang, resolveLang } from './lib/urlstate.js'

export const LANG_KEY = 'zoneboard.lang'

function stored() {
  try {
    return localStorage.getItem(LANG_KEY)
  } catch {
    return null
  }
}

const initial = resolveLang(new URLSearchParams(window.location.search).get('lang'), stored())

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

document.documentElement.lang = initial

// setLang switches the language and remembers the choice.
export function setLang(lang) {
  const l = normalizeLang(lang) || 'zh-CN'
  i18n.global.locale.value = l
  document.documentElement.lang = l
  try {
    localStorage.setItem(LANG_KEY, l)
  } catch {
    // private browsing: the choice lasts for this page only
  }
}

export const currentLang = () => i18n.global.locale.value
export const t = (...args) => i18n.global.t(...args)
