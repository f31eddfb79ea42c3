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
  preview: { proxy: { '/api': api, '/healthz': api } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          if (id.includes('node_modules/')) return 'vendor'
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.js'],
    environment: 'node',
  },
})
