/** Thousands separators that do not depend on the server's or the browser's locale: 1,234. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
