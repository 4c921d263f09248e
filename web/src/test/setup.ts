import { loadPageMessages } from '@/i18n';

// Components are mounted here without the router that loads the pages' messages before the first page opens.
await loadPageMessages();
