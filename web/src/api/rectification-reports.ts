import type { ItemListQuery, RectificationPeriodOverview, RectificationReportDecisionBody, RectificationReportOverview, RectificationReportPeriodBody, RectificationReportPeriodList } from '@rectify/shared';
import { fileNameFrom } from './evidence';
import { api } from './index';

const base = (reviewId: number) => `/api/reviews/${reviewId}`;

async function download(path: string, fallback: string, query?: Record<string, string>) {
  const res = await api.file(path, { query });
  return { blob: await res.blob(), fileName: fileNameFrom(res.headers.get('content-disposition'), fallback) };
}

/** 整改情况报告 of a review: drafts to download, signed scans to upload, the committee's decisions. */
export const rectReportsApi = {
  overview: (reviewId: number, signal?: AbortSignal) => api.get<RectificationReportOverview>(`${base(reviewId)}/rectification-reports`, { signal }),
  setDeadline: (reviewId: number, dueOn: string | null) => api.put<RectificationReportOverview>(`${base(reviewId)}/rectification-reports/deadline`, { dueOn }),
  draft: (reviewId: number, orgId: number) => download(`${base(reviewId)}/rectification-reports/${orgId}/draft.docx`, '整改情况报告（草稿）.docx'),
  file: (reviewId: number, orgId: number) => download(`${base(reviewId)}/rectification-reports/${orgId}/file`, '整改情况报告.pdf'),
  upload(reviewId: number, orgId: number, file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.post<RectificationReportOverview>(`${base(reviewId)}/rectification-reports/${orgId}`, form);
  },
  decide: (reviewId: number, orgId: number, body: RectificationReportDecisionBody) => api.post<RectificationReportOverview>(`${base(reviewId)}/rectification-reports/${orgId}/decision`, body),
  summaryDraft: (reviewId: number) => download(`${base(reviewId)}/summary-report/draft.docx`, '整改情况综合报告（草稿）.docx'),
  summaryFile: (reviewId: number) => download(`${base(reviewId)}/summary-report/file`, '整改情况综合报告.pdf'),
  uploadSummary(reviewId: number, file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.post<RectificationReportOverview>(`${base(reviewId)}/summary-report`, form);
  },
  /** 三张清单 with the list's filters (every page). */
  threeLists(query: ItemListQuery) {
    const { page: _page, pageSize: _pageSize, ...filters } = query;
    const q = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
    return download('/api/items/export-lists.xlsx', '问题整改三张清单.xlsx', q);
  },
};

const periodBase = (periodId: number) => `/api/report-periods/${periodId}`;

/** 整改情况报告 for a reporting period (报告期, e.g. 2026年度) rather than a review: the same cycle. */
export const reportPeriodsApi = {
  list: (signal?: AbortSignal) => api.get<RectificationReportPeriodList>('/api/report-periods', { signal }),
  create: (body: RectificationReportPeriodBody) => api.post<RectificationPeriodOverview>('/api/report-periods', body),
  overview: (periodId: number, signal?: AbortSignal) => api.get<RectificationPeriodOverview>(periodBase(periodId), { signal }),
  setDeadline: (periodId: number, dueOn: string | null) => api.put<RectificationPeriodOverview>(`${periodBase(periodId)}/deadline`, { dueOn }),
  draft: (periodId: number, orgId: number) => download(`${periodBase(periodId)}/reports/${orgId}/draft.docx`, '整改情况报告（草稿）.docx'),
  file: (periodId: number, orgId: number) => download(`${periodBase(periodId)}/reports/${orgId}/file`, '整改情况报告.pdf'),
  upload(periodId: number, orgId: number, file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.post<RectificationPeriodOverview>(`${periodBase(periodId)}/reports/${orgId}`, form);
  },
  decide: (periodId: number, orgId: number, body: RectificationReportDecisionBody) => api.post<RectificationPeriodOverview>(`${periodBase(periodId)}/reports/${orgId}/decision`, body),
};

/** A period's overview in the shape of a review's, for the one panel that shows both (a period has no summary report). */
export function asReportOverview(overview: RectificationPeriodOverview): RectificationReportOverview {
  const { period, organizations, counts } = overview;
  return { reviewId: period.id, dueOn: period.dueOn, canDecide: period.canDecide, organizations, summary: null, counts };
}

/** What the reports panel calls, for a review or for a period. */
export function reportsOf(target: { reviewId: number } | { periodId: number }) {
  if ('reviewId' in target) {
    const id = target.reviewId;
    return {
      overview: (signal?: AbortSignal) => rectReportsApi.overview(id, signal),
      setDeadline: (dueOn: string | null) => rectReportsApi.setDeadline(id, dueOn),
      draft: (orgId: number) => rectReportsApi.draft(id, orgId),
      file: (orgId: number) => rectReportsApi.file(id, orgId),
      upload: (orgId: number, file: File) => rectReportsApi.upload(id, orgId, file),
      decide: (orgId: number, body: RectificationReportDecisionBody) => rectReportsApi.decide(id, orgId, body),
    };
  }
  const id = target.periodId;
  return {
    overview: async (signal?: AbortSignal) => asReportOverview(await reportPeriodsApi.overview(id, signal)),
    setDeadline: async (dueOn: string | null) => asReportOverview(await reportPeriodsApi.setDeadline(id, dueOn)),
    draft: (orgId: number) => reportPeriodsApi.draft(id, orgId),
    file: (orgId: number) => reportPeriodsApi.file(id, orgId),
    upload: async (orgId: number, file: File) => asReportOverview(await reportPeriodsApi.upload(id, orgId, file)),
    decide: async (orgId: number, body: RectificationReportDecisionBody) => asReportOverview(await reportPeriodsApi.decide(id, orgId, body)),
  };
}
