import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { pdfjsAssets } from './vite-plugins/pdfjs-assets.ts';
import { precompress } from './vite-plugins/precompress.ts';

export default defineConfig({
  plugins: [
    vue(),
    // Only Element Plus' own resolver: each <el-*> used in a template is imported with its CSS, nothing else.
    // `dirs: []` keeps our own components explicitly imported.
    Components({ dirs: [], resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'src/components.d.ts' }),
    // The evidence viewer's PDF renderer loads these on demand; the first page never does.
    pdfjsAssets(),
    // .br and .gz beside each text file, for the server to send as they are.
    precompress(),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  preview: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    target: 'es2022',
    reportCompressedSize: true,
    rolldownOptions: {
      // @rectify/shared (and TypeBox under it) only declares things, but its package.json does not say so: without
      // this, every schema of the API, and TypeBox to build them, would ride along with the error catalog.
      treeshake: { moduleSideEffects: [{ test: /[\\/](shared[\\/]src|node_modules[\\/]typebox)[\\/]/, sideEffects: false }] },
      output: {
        // The framework in one long-cached chunk; Element Plus stays split per page so each page loads what it uses.
        codeSplitting: { groups: [{ name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ }] },
      },
    },
  },
});
