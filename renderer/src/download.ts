/** Saves `content` as a file named `fileName` through a temporary object URL (the browser and the desktop shell). */
export function download(fileName: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // the save may still be reading the blob: revoke a little later
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
