import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n.js'
import { onUnauthorized } from './api.js'
import { forget } from './session.js'
// The styles of the services called from scripts (the resolver imports those of the tags).
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles.css'

// A session that ends while a page is open (signed out elsewhere, expired, a changed password)
// sends the person to sign in again, and back to the same page afterwards.
onUnauthorized(() => {
  const current = router.currentRoute.value
  forget()
  if (!current.meta.public) router.push({ name: 'login', query: { next: current.fullPath } })
})

// The first route waits for the session, so that no protected page shows before it is known.
const app = createApp(App).use(i18n).use(router)
router.isReady().finally(() => app.mount('#app'))
