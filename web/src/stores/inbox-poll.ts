/** How often the bell asks for news while the page is shown: a new 退回 or 督办单 shows within a minute. */
export const INBOX_POLL_MS = 30_000;
