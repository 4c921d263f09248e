import { zhCNCore } from './zh-CN.core';
import { zhCNPages } from './zh-CN.pages';

/** Every Chinese message: the schema the English messages follow, and what the app has once past the sign-in page. */
const zhCN = { ...zhCNCore, ...zhCNPages };

export type MessageSchema = typeof zhCN;
export default zhCN;
