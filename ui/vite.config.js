import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// The Go side embeds ui/dist and keeps a placeholder (dist/.keep) there so that go:embed
// compiles without a built UI; the build replaces only what it writes itself.
function cleanOwnOutput() {
  const dist = fileURLToPath(new URL('./dist/', import.meta.url))
  return {
    name: 'zoneboard-clean-own-output',
    apply: 'build',
    buildStart() {
      for (const f of ['assets', 'index.html', 'favicon.svg']) rmSync(dist + f, { recursive: true, force: true })
    },
  }
}

// The Element Plus components the pages use (a component missing here still works; the dev
// server only reloads once when it first meets it).
const ELEMENT_STYLES = [
  'alert', 'aside', 'base', 'breadcrumb', 'breadcrumb-item', 'button', 'card', 'checkbox', 'col', 'config-provider',
  'container', 'date-picker', 'descriptions', 'descriptions-item', 'dialog', 'drawer', 'dropdown', 'dropdown-item',
  'dropdown-menu', 'empty', 'form', 'form-item', 'header', 'icon', 'input', 'input-number', 'link', 'loading',
  'main', 'menu', 'menu-item', 'message', 'message-box', 'option', 'option-group', 'pagination', 'radio-button', 'check-tag', 'sub-menu',
  'radio-group', 'result', 'row', 'select', 'step', 'steps', 'switch', 'tab-pane', 'table', 'table-column',
  'tabs', 'tag', 'timeline', 'timeline-item', 'tree', 'tree-select', 'upload',
]

// In development the API is the Go server's: `zoneboard demo --addr 127.0.0.1:8080`, or
// ZONEBOARD_API=http://127.0.0.1:18080 npm run dev.
const api = process.env.ZONEBOARD_API || 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus components and their styles are imported where they are used.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
    cleanOwnOutput(),
  ],
  server: { proxy: { '/api': api, '/healthz': api } },
  // pre-bundle Element Plus and the styles of the components in use, so that the dev server does
  // not reload the page the first time each one appears
  optimizeDeps: { include: ['element-plus/es', ...ELEMENT_STYLES.map((c) => `element-plus/es/components/${c}/style/css`)] },
  preview: { proxy: { '/api': api, '/healthz': api } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    // ECharts (about 550 kB before gzip) is one chunk, loaded with the first page that draws a
    // chart; Element Plus is imported component by component.
    chunkSizeWarningLimit: 600,
  },
  test: {
    include: ['src/**/*.test.js'],
    environment: 'node',
  },
})
