import type { ItemListQuery, RectificationReportDecisionBody, RectificationReportOverview } from '@rectify/shared';
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
