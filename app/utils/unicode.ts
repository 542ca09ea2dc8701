/** A lone UTF-16 surrogate (`"\ud800"` in JSON) is not text: it cannot be stored or encoded as UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether any string in a parsed JSON value (keys included) holds a lone surrogate. */
export function hasLoneSurrogate(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return LONE_SURROGATE.test(value);
  if (depth > 64 || typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => hasLoneSurrogate(item, depth + 1));
  return Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || hasLoneSurrogate(item, depth + 1));
}
