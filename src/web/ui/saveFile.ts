import type { DownloadedFile } from "../api/client.js";

/** Hands a fetched file to the browser's downloads, under the server's name or `fallbackName`. */
export function saveFile({ blob, filename }: DownloadedFile, fallbackName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: the click has handed the URL to the download by then.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
