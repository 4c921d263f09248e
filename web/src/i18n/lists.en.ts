import type { listsZhCN } from './lists.zh-CN';

export const listsEn: typeof listsZhCN = {
  listPage: {
    density: 'Table density',
    densities: { large: 'Roomy', default: 'Standard', small: 'Compact' },
    columns: 'Columns',
    seq: 'No.',
    actions: 'Actions',
    view: 'View',
    itemColumns: { org: 'Organization', categorySource: 'Category / source', light: 'Alert', responsiblePerson: 'Responsible', updatedAt: 'Updated' },
  },
  sheet: {
    loading: 'Loading the ledger…',
    printAll: 'Print all',
    supervision: {
      extended: 'Extended {count} times (originally {originalDeadline})',
      extensionPending: 'Extension awaiting decision (to {deadline})',
      overdue: '{days} days overdue',
      dueSoon: 'Due in {days} days',
      noticeIssued: '{day} supervision notice {number} issued',
      noticeReplied: '{day} supervision notice {number} answered',
    },
    print: {
      title: 'Print the ledger',
      loading: 'Preparing to print: {done}/{total} items loaded',
      ready: 'All {total} items loaded, ready to print',
      print: 'Print',
      back: 'Back to the ledger',
      hint: 'A4 landscape, the header repeated and the page numbered on every page',
    },
  },
  supervise: {
    remind: 'Remind',
    notice: 'Supervise',
    remindTitle: 'Remind about {code}',
    remindPrompt: 'A reminder goes to the organization of this item; you may add a note (optional):',
    remindPlaceholder: 'e.g. Please report progress this week',
    reminded: '{code}: reminder sent',
    refused: 'Not reminded: {reason}',
  },
};
