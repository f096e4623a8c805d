import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a presented token (a webhook's X-Gitlab-Token, a scraper's bearer token) is the configured secret, in constant time: both are hashed
 * first, so the comparison neither leaks the secret's length nor throws on different lengths.
 */
export function secretTokenMatches(presented: string | null, secret: string): boolean {
  if (presented === null) return false;
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(presented), digest(secret));
}
