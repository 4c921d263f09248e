/**
 * Saves a blob under a file name through a temporary download link. The blob is typed as opaque bytes, so that
 * nothing the server sent is ever rendered in the app's origin, whatever its content.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started reading the blob by now; a minute is generous for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
