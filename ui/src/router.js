// History-mode routes under "/": the Go server answers index.html for every path outside /api
// and /healthz, so /dashboard?unit=370171&period=2019 can be bookmarked and shared.
//
// Every page but the sign-in and setup pages needs a signed-in user: the session is read before
// the first protected page is routed, and a person who is not signed in is sent to
// /login?next=<the page asked for>. A page that needs a permission (meta.permission) shows a
// refusal to those without it.
import { createRouter, createWebHistory } from 'vue-router'
import { setLang } from './i18n.js'
import { normalizeLang } from './lib/urlstate.js'
import { safeNext } from './lib/account.js'
import { can, loadSession, session } from './session.js'

export const routes = [
  { path: '/', redirect: (to) => ({ path: '/dashboard', query: to.query }) },
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, bare: true } },
  { path: '/setup', name: 'setup', component: () => import('./views/SetupView.vue'), meta: { public: true, bare: true } },
  { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { menu: 'dashboard' } },
  { path: '/explorer', name: 'explorer', component: () => import('./views/ExplorerView.vue'), meta: { menu: 'explorer' } },
  { path: '/data', name: 'data', component: () => import('./views/DataView.vue'), meta: { menu: 'data' } },
  { path: '/brief', name: 'brief', component: () => import('./views/BriefView.vue'), meta: { menu: 'brief' } },
  { path: '/plan', name: 'plan', component: () => import('./views/plan/PlanTreeView.vue'), meta: { menu: 'planTree', group: 'plan' } },
  {
    path: '/plan/projects',
    name: 'plan-projects',
    component: () => import('./views/plan/PlanProjectsView.vue'),
    meta: { menu: 'planProjects', group: 'plan' },
  },
  {
    path: '/plan/projects/:code',
    name: 'plan-project',
    component: () => import('./views/plan/PlanProjectView.vue'),
    meta: { menu: 'planProjects', group: 'plan' },
  },
  { path: '/plan/tasks', name: 'plan-tasks', component: () => import('./views/plan/PlanTasksView.vue'), meta: { menu: 'planTasks', group: 'plan' } },
  {
    path: '/plan/targets',
    name: 'plan-targets',
    component: () => import('./views/plan/PlanTargetsView.vue'),
    meta: { menu: 'planTargets', group: 'plan' },
  },
  {
    path: '/plan/reminders',
    name: 'plan-reminders',
    component: () => import('./views/plan/PlanRemindersView.vue'),
    meta: { menu: 'planReminders', group: 'plan' },
  },
  { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue'), meta: { menu: 'settings' } },
  { path: '/tokens', name: 'tokens', component: () => import('./views/TokensView.vue'), meta: { menu: 'tokens' } },
  {
    path: '/users',
    name: 'users',
    component: () => import('./views/UsersView.vue'),
    meta: { menu: 'users', permission: 'users.manage' },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./views/AuditView.vue'),
    meta: { menu: 'audit', permission: 'audit.read' },
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('./views/NotFoundView.vue'),
    props: { forbidden: true },
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
]

export const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach(async (to) => {
  // ?lang=en in any address switches the language and keeps the choice.
  const lang = normalizeLang(to.query.lang)
  if (lang) setLang(lang)

  let user = null
  try {
    user = await loadSession()
  } catch {
    // the server cannot be reached: the sign-in page says so when the person tries
  }
  if (to.name === 'login' && user) return safeNext(to.query.next)
  if (to.meta.public) return true
  if (!session.user) return { name: 'login', query: { next: to.fullPath } }
  if (to.meta.permission && !can(to.meta.permission)) return { name: 'forbidden', replace: true }
  return true
})
