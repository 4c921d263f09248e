import { describe, expect, it } from 'vitest';
import { dateInZone } from './clock.js';

describe('the date of an instant in a time zone', () => {
  it('turns at local midnight, also when asked again within the same minute', () => {
    // 16:00 UTC is midnight in Shanghai (UTC+8).
    expect(dateInZone(new Date('2026-11-22T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-22');
    expect(dateInZone(new Date('2026-11-22T15:59:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-22');
    expect(dateInZone(new Date('2026-11-22T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(dateInZone(new Date('2026-11-22T16:00:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(dateInZone(new Date('2026-11-22T15:59:30.000Z'), 'Asia/Shanghai')).toBe('2026-11-22');
  });

  it('answers each zone for itself within one minute, half-hour offsets included', () => {
    const instant = new Date('2026-11-22T18:30:10Z');
    expect(dateInZone(instant, 'Asia/Shanghai')).toBe('2026-11-23');
    expect(dateInZone(instant, 'UTC')).toBe('2026-11-22');
    // Kolkata is UTC+5:30: its midnight is 18:30 UTC.
    expect(dateInZone(new Date('2026-11-22T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-11-22');
    expect(dateInZone(instant, 'Asia/Kolkata')).toBe('2026-11-23');
  });
});
