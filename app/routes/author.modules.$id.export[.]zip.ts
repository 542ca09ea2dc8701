import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/session.server.ts";
import { orErrorResponse } from "~/modules/authoring/route-helpers.server.ts";
import { exportDraftZip } from "~/modules/authoring/zip.server.ts";

/** The draft as a zip in the courses/ folder format (passes courses:check when the draft is valid). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const { fileName, bytes } = await orErrorResponse(exportDraftZip(user, params.id ?? ""));
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
