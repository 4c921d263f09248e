import type { MonthlyReport, MonthlyReportQuery } from '@rectify/shared';
import { fileNameFrom } from './evidence';
import { api } from './index';

export type ReportQuery = Omit<MonthlyReportQuery, 'format'>;
export type ReportFileFormat = 'xlsx' | 'docx';

export const reportsApi = {
  /** The monthly report as data (figures as of the month's end, or so far while the month runs). */
  monthly: (query: ReportQuery, signal?: AbortSignal) => api.get<MonthlyReport>('/api/reports/monthly', { query: { ...query }, signal }),
  /** The same report as a workbook (.xlsx) or a document with charts (.docx), fetched with the bearer token. */
  async file(query: ReportQuery, format: ReportFileFormat): Promise<{ blob: Blob; fileName: string }> {
    const res = await api.file('/api/reports/monthly', { query: { ...query, format } });
    return { blob: await res.blob(), fileName: fileNameFrom(res.headers.get('content-disposition'), `${query.month}.${format}`) };
  },
};
