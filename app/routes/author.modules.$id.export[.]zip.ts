import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/session.server.ts";
import { orErrorResponse } from "~/utils/errors.ts";
import { exportDraftZip } from "~/modules/authoring/zip.server.ts";

/** The draft (or, with ?version=published, the published content) as a zip in the courses/ folder format. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const which = new URL(request.url).searchParams.get("version") === "published" ? "published" : "draft";
  const { fileName, bytes } = await orErrorResponse(exportDraftZip(user, params.id ?? "", which));
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
