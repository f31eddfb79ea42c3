// History-mode routes under "/": the Go server answers index.html for every path outside /api
// and /healthz, so /dashboard?unit=370171&period=2019 can be bookmarked and shared.
import { createRouter, createWebHistory } from 'vue-router'
import { setLang } from './i18n.js'
import { normalizeLang } from './lib/urlstate.js'

export const routes = [
  { path: '/', redirect: (to) => ({ path: '/dashboard', query: to.query }) },
  { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { menu: 'dashboard' } },
  { path: '/explorer', name: 'explorer', component: () => import('./views/ExplorerView.vue'), meta: { menu: 'explorer' } },
  { path: '/data', name: 'data', component: () => import('./views/DataView.vue'), meta: { menu: 'data' } },
  { path: '/brief', name: 'brief', component: () => import('./views/BriefView.vue'), meta: { menu: 'brief' } },
  { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue'), meta: { menu: 'settings' } },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
]

export const router = createRouter({ history: createWebHistory('/'), routes })

// ?lang=en in any address switches the language and keeps the choice.
router.beforeEach((to) => {
  const lang = normalizeLang(to.query.lang)
  if (lang) setLang(lang)
})
