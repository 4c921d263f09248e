import { Type, type Static } from 'typebox';
import { DateString, Strict } from './common.js';

export const CalendarDayKind = Type.Union([Type.Literal('off'), Type.Literal('work')], {
  description: '`off`: a day off even on a weekday; `work`: a make-up working day (调休) even on a weekend',
});
export type CalendarDayKind = Static<typeof CalendarDayKind>;

export const CalendarDay = Type.Object({
  date: DateString,
  kind: CalendarDayKind,
  name: Type.String({ minLength: 1, maxLength: 20, description: 'The holiday the day belongs to: 春节, 国庆节…' }),
});
export type CalendarDay = Static<typeof CalendarDay>;

export const CalendarYearSource = Type.Union([Type.Literal('seed'), Type.Literal('notice'), Type.Literal('manual')]);

export const CalendarYearSummary = Type.Object({
  year: Type.Integer(),
  source: CalendarYearSource,
  offCount: Type.Integer(),
  workCount: Type.Integer(),
  updatedAt: Type.String(),
  updatedByName: Type.Union([Type.String(), Type.Null()]),
});
export type CalendarYearSummary = Static<typeof CalendarYearSummary>;

export const CalendarYears = Type.Object({
  items: Type.Array(CalendarYearSummary),
  /** From 1 November on, next year when it has no calendar yet: the administrator is warned. */
  missingNextYear: Type.Union([Type.Integer(), Type.Null()]),
});
export type CalendarYears = Static<typeof CalendarYears>;

export const CalendarYearDetail = Type.Object({
  year: Type.Integer(),
  loaded: Type.Boolean({ description: 'false: nothing is loaded for the year, so working days in it are not known' }),
  source: Type.Union([CalendarYearSource, Type.Null()]),
  days: Type.Array(CalendarDay),
});
export type CalendarYearDetail = Static<typeof CalendarYearDetail>;

export const CalendarYearParams = Strict({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });

export const SaveCalendarYearBody = Strict({
  source: Type.Optional(Type.Union([Type.Literal('notice'), Type.Literal('manual')])),
  days: Type.Array(CalendarDay, { maxItems: 366 }),
});
export type SaveCalendarYearBody = Static<typeof SaveCalendarYearBody>;

export const SavedCalendarYear = Type.Object({
  ...CalendarYearDetail.properties,
  /** Open items whose working-day deadline, resolved again against the changed year, moved to another day. */
  reResolved: Type.Integer(),
});
export type SavedCalendarYear = Static<typeof SavedCalendarYear>;

export const ReadNoticeBody = Strict({
  text: Type.String({ minLength: 1, maxLength: 20000 }),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
});
export type ReadNoticeBody = Static<typeof ReadNoticeBody>;

export const NoticeHoliday = Type.Object({ name: Type.String(), offFrom: DateString, offTo: DateString, workDays: Type.Array(DateString) });

export const ReadNoticeResult = Type.Object({ year: Type.Integer(), holidays: Type.Array(NoticeHoliday), days: Type.Array(CalendarDay) });
export type ReadNoticeResult = Static<typeof ReadNoticeResult>;

export const ResolveWorkingDeadlineQuery = Strict({
  from: DateString,
  days: Type.Integer({ minimum: 1, maximum: 1000 }),
});

export const ResolvedWorkingDeadline = Type.Object({
  deadline: DateString,
  /** Years the span runs into with no calendar loaded: the date assumes only weekends off there. */
  missingYears: Type.Array(Type.Integer()),
});
export type ResolvedWorkingDeadline = Static<typeof ResolvedWorkingDeadline>;
