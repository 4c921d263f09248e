/**
 * The evidence size the server takes unless UPLOAD_MAX_BYTES says otherwise; the web app names it beside the
 * upload and refuses a larger file before sending it (the server still checks whatever it is configured to).
 * A module of its own, so that the web app reading it does not also load the API's schemas.
 */
export const EVIDENCE_MAX_BYTES = 50 * 1024 * 1024;
