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
  // vue-i18n's legacy API and its global components and directive (<i18n-t>, v-t) are not used: leaving them out of
  // the framework chunk every first visit downloads.
  define: { __VUE_I18N_LEGACY_API__: 'false', __VUE_I18N_FULL_INSTALL__: 'false' },
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  preview: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    target: 'es2022',
    reportCompressedSize: true,
    rolldownOptions: {
      // @rectify/shared (and TypeBox under it) only declares things, but its package.json does not say so: without
      // this, every schema of the API, and TypeBox to build them, would ride along with the error catalog.
      treeshake: {
        moduleSideEffects: [{ test: /[\\/](shared[\\/]src|node_modules[\\/]typebox)[\\/]/, sideEffects: false }],
        // A module the app takes one label list from would still build all its schemas: TypeBox's builders and the
        // shared package's helpers around them only make values, so a schema nobody reads is left out.
        manualPureFunctions: ['Type', 'Strict', 'Page', 'Nullable', 'Text', 'CsvOf', 'Rate', 'Opt'],
      },
      output: {
        // The framework in one long-cached chunk; Element Plus' heavier components stay split per page so each page
        // loads what it uses.
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/ },
            // What the sign-in page and every page after it use, in two files rather than thirty: on a phone network
            // each response's headers cost about a kilobyte, more than most of these modules. English and the
            // positioning hooks (popper, floating) stay out; they load with the pages that use them.
            { name: 'app-base', test: /web[\\/]src[\\/](api[\\/]|stores[\\/]auth|router[\\/](guards|access)|composables[\\/]useRequest|i18n[\\/](index|zh-CN\.core|error-messages|sign-in\.zh-CN)\.ts)|components[\\/](BrandMark|LocaleSwitch)|plugin-vue:export-helper|shared[\\/]src[\\/]|node_modules[\\/]typebox[\\/]/ },
            {
              name: 'ui-base',
              test: /node_modules[\\/](element-plus[\\/](es[\\/](hooks[\\/](?!use-popper|use-floating)|utils|constants|locale(?![\\/]lang[\\/]en)|tokens|components[\\/](button|input|form|icon|config-provider|alert)[\\/])|theme-chalk[\\/](base|el-(button|input|form|form-item|icon|config-provider|alert))\.css)|@vueuse|@ctrl|async-validator|lodash-es)/,
            },
            // What the signed-in frame (menu, header, dialogs, messages) and most pages add, in one more file.
            {
              name: 'ui-app',
              test: /node_modules[\\/](element-plus[\\/](es[\\/](hooks[\\/]use-(popper|floating)|directives|components[\\/](menu|dropdown|tooltip|popper|scrollbar|badge|avatar|drawer|dialog|overlay|focus-trap|message|message-box|tag|skeleton|collapse-transition|teleport|roving-focus-group|collection|slot|empty|link|divider|card|progress|timeline))[\\/]|theme-chalk[\\/]el-(menu|sub-menu|menu-item|dropdown|dropdown-menu|dropdown-item|popper|scrollbar|badge|avatar|drawer|dialog|overlay|message|message-box|tag|skeleton|skeleton-item|empty|link|divider|card|progress|timeline|timeline-item)\.css)|@floating-ui|@popperjs|normalize-wheel-es)/,
            },
          ],
        },
      },
    },
  },
});
