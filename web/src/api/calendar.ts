import type { CalendarYearDetail, CalendarYears, ReadNoticeBody, ReadNoticeResult, ResolvedWorkingDeadline, SaveCalendarYearBody, SavedCalendarYear } from '@rectify/shared';
import { api } from './index';

/** 工作日历: read by everyone signed in (working-day deadlines), kept by the top committee's administrator. */
export const calendarApi = {
  years: () => api.get<CalendarYears>('/api/calendar/years'),
  year: (year: number) => api.get<CalendarYearDetail>(`/api/calendar/years/${year}`),
  save: (year: number, body: SaveCalendarYearBody) => api.put<SavedCalendarYear>(`/api/calendar/years/${year}`, body),
  readNotice: (body: ReadNoticeBody) => api.post<ReadNoticeResult>('/api/calendar/notice', body),
  resolve: (from: string, days: number) => api.get<ResolvedWorkingDeadline>(`/api/calendar/resolve?from=${from}&days=${days}`),
};
