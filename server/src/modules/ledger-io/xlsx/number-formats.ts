/** Built-in number formats that show a date or time (ECMA-376 §18.8.30, with the East Asian ids 27–36 and 50–58). */
const builtinDates = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a cell style's number format shows its number as a date (so the number is a serial day). */
export function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return builtinDates.has(id);
  // Quoted literals ("年"), escapes (\年), colours and locales ([Red], [$-804], [DBNum1]) say nothing about dates.
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  return /[ymd]/i.test(bare) && !/^general$/i.test(bare.trim());
}
