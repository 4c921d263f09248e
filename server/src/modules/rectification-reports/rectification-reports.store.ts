import type { Readable } from 'node:stream';
import type { RectificationReportFile, RectificationReportLine } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { detectFileType } from '../../lib/files/detect.js';
import { nameWithExtension } from '../../lib/files/filename.js';
import type { Storage } from '../../lib/storage/storage.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createRectificationReportsRepository, type ReportKind, type ReportRow } from './rectification-reports.repository.js';

/** Whom an upload is for: an organization (or the committee) on a review, or on a reporting period. */
export type ReportTarget = ({ reviewId: number } | { periodId: number }) & { orgId: number; kind: ReportKind };

/** An upload as listed: whether it came late is judged by the day it arrived where the committee is. */
export function reportFile(row: ReportRow, dueOn: string | null, dayOf: (instant: Date) => string): RectificationReportFile {
  return {
    id: row.id,
    status: row.status as RectificationReportFile['status'],
    fileName: row.fileName,
    size: row.size,
    submittedAt: row.submittedAt.toISOString(),
    submittedByName: row.submittedByName,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedByName: row.decidedByName,
    reason: row.reason,
    late: dueOn !== null && dayOf(row.submittedAt) > dueOn,
  };
}

/** One organization's line: its report in force and the uploads before it. */
export function reportLine(org: { orgId: number; orgName: string; itemCount: number }, uploads: ReportRow[], files: (row: ReportRow) => RectificationReportFile): RectificationReportLine {
  const mine = uploads.filter((u) => u.orgId === org.orgId).map(files);
  return { ...org, current: mine[0] ?? null, history: mine.slice(1) };
}

/** How many organizations stand where: the committee's count of who has submitted. */
export function reportCounts(lines: RectificationReportLine[]) {
  const status = (line: RectificationReportLine) => line.current?.status ?? 'missing';
  const count = (s: string) => lines.filter((l) => status(l) === s).length;
  return { expected: lines.length, submitted: count('submitted'), accepted: count('accepted'), returned: count('returned'), missing: count('missing') };
}

/**
 * Stores a signed scan (its type read from the content: a PDF or an image), then records it as the report in force
 * unless the committee has already accepted one; a refused or failed upload leaves no file behind.
 */
export function createReportStore({ db, storage, maxBytes }: { db: Db; storage: Storage; maxBytes: number }) {
  return async function store(user: AuthUser, target: ReportTarget, file: { fileName: string; source: Readable; beforeCommit?: () => Promise<void> }) {
    const stored = await storage.put({
      source: file.source,
      maxBytes,
      check: async ({ path }) => {
        const type = await detectFileType(path);
        if (type.kind !== 'pdf' && type.kind !== 'image') throw new AppError('rectification_reports.bad_type');
        return type;
      },
    });
    try {
      await file.beforeCommit?.();
      const id = await db.transaction(async (tx) => {
        const txRepo = createRectificationReportsRepository({ db: tx });
        const { report } = await txRepo.current({ ...target, lock: true });
        if (report?.status === 'accepted') throw new AppError('rectification_reports.accepted');
        const { id } = await txRepo.insert({
          ...('reviewId' in target ? { reviewId: target.reviewId } : { periodId: target.periodId }),
          orgId: target.orgId,
          kind: target.kind,
          storageKey: stored.key,
          fileName: nameWithExtension(file.fileName, stored.checked.ext),
          mime: stored.checked.mime,
          size: stored.size,
          sha256: stored.sha256,
          submittedBy: user.id,
        });
        return id;
      });
      return { id };
    } catch (err) {
      await storage.remove(stored.key).catch(() => undefined);
      throw err;
    }
  };
}
