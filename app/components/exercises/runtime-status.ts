/** Bytes as megabytes with one decimal: 4_100_000 -> "4.1". */
export const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);

/**
 * What the runtime's live region says while Python loads: that it is loading, then each quarter
 * of the bytes (not every update of the visible progress, which would be read out over and over),
 * then that it is starting (compiling takes a few seconds after the last byte).
 */
export function pythonLoadingAnnouncement(progress: { loaded: number; total: number } | null): string {
  const quarter = progress && progress.total > 0 ? Math.min(4, Math.floor((progress.loaded / progress.total) * 4)) : 0;
  if (quarter === 4) return "Python has downloaded and is starting…";
  return quarter === 0 ? "Loading Python… You can write your code while it loads." : `Loading Python: ${quarter * 25}% done.`;
}

/** The visible progress line (not announced: it changes many times a second). */
export function pythonProgressText({ loaded, total }: { loaded: number; total: number }): string {
  return loaded >= total
    ? `Loading Python: ${megabytes(total)} of ${megabytes(total)} MB. Starting Python…`
    : `Loading Python: ${megabytes(loaded)} of ${megabytes(total)} MB. You can write your code while it loads; next time it comes from your browser's cache.`;
}
