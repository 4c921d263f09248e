import type { bulkZhCN } from './bulk.zh-CN';

export const bulkEn: typeof bulkZhCN = {
  bulk: {
    approve: 'Close ({count})',
    reject: 'Send back ({count})',
    remind: 'Remind ({count})',
    title: { approve_closure: 'Close items', reject_closure: 'Send items back', remind: 'Remind organizations' },
    lead: {
      approve_closure: 'These {count} closure requests will be closed, each on its own:',
      reject_closure: 'These {count} closure requests will be sent back, each on its own:',
      remind: 'The organizations of these {count} open items get a reminder (one each):',
    },
    commentRequired: 'Why they go back (required): what is missing or not done',
    commentOptional: 'Opinion or reminder note (optional)',
    checkedNote: 'Each item is still checked on its own: nobody decides their own request, the item has not changed meanwhile, evidence is attached. Items that fail stay as they are.',
    remindNote: 'Closed and cancelled items get no reminder.',
    submit: 'Confirm',
    cancel: 'Cancel',
    close: 'Done',
    done: '{ok} done, {refused} refused',
    remindDone: '{ok} reminded, {refused} not',
    ok: { approve_closure: 'Closed', reject_closure: 'Sent back', remind: 'Reminded' },
  },
};
