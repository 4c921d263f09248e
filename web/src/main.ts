import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n, savedLocale, setLocale } from './i18n';
import { createAppRouter } from './router';
import './styles/main.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(createAppRouter({ pinia }));

const locale = savedLocale();
if (locale !== 'zh-CN') await setLocale(locale);
app.mount('#app');
