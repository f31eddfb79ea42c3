import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n.js'
// The styles of the services called from scripts (the resolver imports those of the tags).
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles.css'

createApp(App).use(i18n).use(router).mount('#app')
