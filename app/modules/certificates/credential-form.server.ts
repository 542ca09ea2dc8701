/**
 * Reads the "check a credential" form (a pasted credential and/or an uploaded file, multipart or
 * urlencoded) without ever buffering more than a small, fixed number of bytes.
 */
import { MAX_CREDENTIAL_BYTES } from "./verify-credential.ts";

/** The whole request body: room for a pasted credential and a file, plus multipart framing. */
export const MAX_CHECK_FORM_BYTES = 2 * MAX_CREDENTIAL_BYTES + 16 * 1024;

export type CredentialFormResult = { ok: true; text: string; source: "file" | "paste" } | { ok: false; reason: "too-large" | "unreadable" };

async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The credential text from the form: the chosen file when there is one, otherwise the pasted text. */
export async function readCredentialForm(request: Request): Promise<CredentialFormResult> {
  const body = await readLimited(request, MAX_CHECK_FORM_BYTES);
  if (!body) return { ok: false, reason: "too-large" };
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "Content-Type": request.headers.get("Content-Type") ?? "" } }).formData();
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  const file = form.get("file");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_CREDENTIAL_BYTES) return { ok: false, reason: "too-large" };
    return { ok: true, text: await file.text(), source: "file" };
  }
  const pasted = form.get("credential");
  return { ok: true, text: typeof pasted === "string" ? pasted : "", source: "paste" };
}
