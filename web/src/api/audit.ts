import type { AuditEntry, AuditExportQuery, AuditListQuery } from '@rectify/shared';
import { fileNameFrom } from './evidence';
import { api } from './index';

export const auditApi = {
  list: (query: AuditListQuery) => api.get<{ items: AuditEntry[]; total: number }>('/api/audit-log', { query: { ...query } }),
  /** The records with the list's filters, every page (at most 100,000), as a workbook. */
  async exportXlsx(query: AuditExportQuery): Promise<{ blob: Blob; fileName: string }> {
    const res = await api.file('/api/audit-log/export.xlsx', { query: { ...query } });
    return { blob: await res.blob(), fileName: fileNameFrom(res.headers.get('content-disposition'), '操作日志.xlsx') };
  },
};
