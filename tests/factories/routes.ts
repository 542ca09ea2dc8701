/**
 * Calls a route's loader or action as Remix would, with a session cookie and an optional urlencoded
 * form, and reads what it answered (returned, `data()` or thrown) as a status and a body. For the
 * route-level attacks in tests/security.
 */
export type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => unknown;

export const routeContext = { clientIp: "192.0.2.1", cspNonce: "" };

function request(url: string, cookie?: string, form?: Record<string, string>) {
  const headers: Record<string, string> = {};
  if (cookie) headers.Cookie = cookie.split(";")[0]!;
  if (form) headers["Content-Type"] = "application/x-www-form-urlencoded";
  return new Request(`http://localhost${url}`, {
    method: form ? "POST" : "GET",
    headers,
    body: form ? new URLSearchParams(form) : undefined,
  });
}

/** Status and body of what a loader or action answered (returned, `data()` or thrown). */
export async function callRoute(
  handler: Handler,
  url: string,
  params: Record<string, string>,
  cookie?: string,
  form?: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const settle = (value: unknown, thrown: boolean): Promise<{ status: number; body: string }> | { status: number; body: string } => {
    if (value instanceof Response) return value.text().then((body) => ({ status: value.status, body }));
    if (value && typeof value === "object" && "type" in value && value.type === "DataWithResponseInit") {
      const v = value as unknown as { data: unknown; init?: { status?: number } };
      return { status: v.init?.status ?? 200, body: JSON.stringify(v.data) };
    }
    if (thrown) throw value;
    return { status: 200, body: JSON.stringify(value) };
  };
  try {
    return await settle(await handler({ request: request(url, cookie, form), params, context: routeContext }), false);
  } catch (error) {
    return await settle(error, true);
  }
}
