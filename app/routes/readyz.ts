import { checkReadiness } from "~/utils/health.server.ts";

/**
 * For load balancers (docs/decisions/0051): 200 when this process should get requests (database
 * reachable, every migration applied, not shutting down), 503 otherwise. /healthz is liveness only.
 */
export async function loader() {
  const readiness = await checkReadiness();
  return new Response(JSON.stringify({ status: readiness.ready ? "ready" : "unavailable", ...readiness }), {
    status: readiness.ready ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
