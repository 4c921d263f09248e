import { ledgerZhCN } from './ledger.zh-CN';
import { ledgerIoZhCN } from './ledger-io.zh-CN';
import { channelsZhCN } from './channels.zh-CN';
import { noticesZhCN } from './notices.zh-CN';
import { rechecksZhCN } from './rechecks.zh-CN';
import { reviewsZhCN } from './reviews.zh-CN';
import { dashboardZhCN } from './dashboard.zh-CN';
import { reportsZhCN } from './reports.zh-CN';
import { accountZhCN } from './account.zh-CN';
import { inboxZhCN } from './inbox.zh-CN';
import { orgAdminZhCN } from './org-admin.zh-CN';
import { bulkZhCN } from './bulk.zh-CN';
import { auditZhCN } from './audit.zh-CN';
import { apiTokensZhCN } from './api-tokens.zh-CN';
import { signInLdapZhCN } from './sign-in-ldap.zh-CN';
import { listsZhCN } from './lists.zh-CN';
import { reviewCarryZhCN } from './review-carry.zh-CN';
import { reviewLevelsZhCN } from './review-levels.zh-CN';
import { calendarZhCN } from './calendar.zh-CN';
import { rectReportsZhCN } from './rect-reports.zh-CN';
import { measuresZhCN } from './measures.zh-CN';

/** The messages of the pages behind sign-in (see `zh-CN.core.ts`). */
export const zhCNPages = {
  ...ledgerZhCN,
  ...ledgerIoZhCN,
  ...channelsZhCN,
  ...reviewsZhCN,
  ...noticesZhCN,
  ...rechecksZhCN,
  ...dashboardZhCN,
  ...reportsZhCN,
  ...accountZhCN,
  ...inboxZhCN,
  ...orgAdminZhCN,
  ...bulkZhCN,
  ...auditZhCN,
  ...apiTokensZhCN,
  ...signInLdapZhCN,
  ...listsZhCN,
  ...reviewCarryZhCN,
  ...reviewLevelsZhCN,
  ...calendarZhCN,
  ...rectReportsZhCN,
  ...measuresZhCN,
};
