import { invariantResponse } from "~/utils/errors.ts";

/** Every unknown URL: a real 404 rendered by the root error boundary. */
export function loader() {
  invariantResponse(false, "Page not found", 404);
  return null;
}

export default function NotFound() {
  return null;
}
