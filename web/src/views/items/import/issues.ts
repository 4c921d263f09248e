import type { ImportIssue } from '@rectify/shared';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** An import problem in the user's language; a code this build does not know shows the server's message. */
export function issueText(issue: Pick<ImportIssue, 'code' | 'message'>, { t, te }: { t: Translate; te: (key: string) => boolean }): string {
  const key = `ledgerIo.issue.${issue.code}`;
  return te(key) ? t(key) : issue.message;
}

/** Where a problem is: 第 4 行 · M 列（整改时限）, with the sheet when the file has several; 整个文件 when nowhere. */
export function placeOf(issue: Pick<ImportIssue, 'sheet' | 'row' | 'column' | 'header'>, { t, withSheet }: { t: Translate; withSheet: boolean }): string {
  const parts: string[] = [];
  if (issue.sheet && (withSheet || issue.row === null)) parts.push(issue.sheet);
  if (issue.row !== null) parts.push(t('ledgerIo.rowNumber', { row: issue.row }));
  if (issue.column) parts.push(issue.header ? t('ledgerIo.cellHeader', { column: issue.column, header: issue.header }) : t('ledgerIo.cell', { column: issue.column }));
  return parts.length ? parts.join(' · ') : t('ledgerIo.wholeFile');
}
