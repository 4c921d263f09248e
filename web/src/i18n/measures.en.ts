import type { measuresZhCN } from './measures.zh-CN';

export const measuresEn: typeof measuresZhCN = {
  measures: {
    status: { not_started: 'Not started', in_progress: 'Under way', done: 'Done' },
    statusOf: 'State of measure {seq}',
    owner: 'Owner: {name}',
    ownerPick: 'Choose an owner',
    ownerOf: 'Owner of measure {seq}',
    ownerSaved: 'Measure owner updated',
    evidenceOf: 'Measure {seq}',
    moved: 'Measure updated',
    assist: 'Assisting',
    assistOrgs: 'Assisting organizations',
    assistHint: 'The lead is the item’s organization; assisting organizations see the item, report progress and add evidence, but cannot request closure',
    assistNone: 'None',
    assistLabel: '{org} (assisting)',
    assistingBanner: 'Your organization assists with this item: report progress and add evidence; the lead, {org}, requests closure.',
    unfinishedTitle: 'Measures not done',
    unfinishedHint: 'These measures are not marked done: give a reason for each, or mark them done under Measures first.',
    reasonFor: 'Why measure {seq} is not done',
    evidenceMeasure: 'For measure',
    evidenceMeasureNone: 'No particular measure',
    warningsTitle: 'Paper-only warnings ({count})',
    warningsHint: 'For the reviewer’s judgement only; they do not block a decision.',
    warningsNone: 'No sign of paper-only rectification',
    warning: {
      measure_without_evidence: 'Measure {seq} “{measure}” has no evidence',
      statement_repeats_measures: '{percent}% of the closure statement repeats the measures’ text (threshold {threshold}%): it restates the plan rather than the results',
      evidence_just_before_request: 'All {count} files were uploaded within a day before closure was requested (first {first})',
      evidence_after_deadline: 'All {count} files were uploaded after the deadline {deadline} (first {first})',
    },
  },
};
