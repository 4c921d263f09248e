import { measureStatusLabels, type MeasureReason, type MeasureStatus } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';

interface MeasureState {
  id: number;
  seq: number;
  content: string;
  status: string;
}

const clip = (text: string) => (text.length > 20 ? `${text.slice(0, 20)}…` : text);

/**
 * A closure request needs every measure 已完成, or a written reason for each one that is not. Refuses with the
 * measures named (number, text, state); returns the reasons given, for the request's history entry.
 */
export function unfinishedMeasures({ measures, reasons = [] }: { measures: MeasureState[]; reasons?: MeasureReason[] }) {
  const open = measures.filter((m) => m.status !== 'done');
  const reasonOf = (id: number) => reasons.find((r) => r.measureId === id)?.reason.trim() ?? '';
  const missing = open.filter((m) => !reasonOf(m.id));
  if (missing.length) {
    const named = missing.map((m) => `第${m.seq}项「${clip(m.content)}」（${measureStatusLabels[m.status as MeasureStatus] ?? m.status}）`).join('、');
    throw new AppError('items.measures_unfinished', {
      message: `尚有未完成的整改措施：${named}。请将其标为已完成，或逐项写明未完成的理由`,
      details: { measures: missing.map((m) => ({ id: m.id, seq: m.seq, status: m.status })) },
    });
  }
  return { unfinished: open.map((m) => ({ measureId: m.id, seq: m.seq, status: m.status, reason: reasonOf(m.id) })) };
}
