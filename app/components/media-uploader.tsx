import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { DetailedError, Upload } from "tus-js-client";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ACCEPT_ATTRIBUTE, ALLOWED_LIST, MAX_BYTES, checkDeclared, formatBytes } from "~/modules/uploads/policy.ts";

/**
 * Uploads one file at a time with tus-js-client (docs/decisions/0012): in chunks, with a progress
 * bar, Pause and Resume, automatic retries after a dropped connection, and, after the page was
 * closed, carrying on from where the server got to when the same file is chosen again (tus-js-client
 * keeps the upload's address in localStorage, keyed by the file's fingerprint).
 */

const ENDPOINT_PATH = "/uploads/tus";
const CHUNK_BYTES = 5 * 1024 * 1024;

type Phase = "idle" | "uploading" | "paused" | "done" | "error";
type Video = { id: string; originalName: string };

function serverMessage(error: Error | DetailedError): string {
  const response = "originalResponse" in error ? error.originalResponse : null;
  const body = response?.getBody()?.trim();
  const status = response?.getStatus() ?? 0;
  if (body && status >= 400 && status < 500) return body;
  return "The upload stopped: the connection to Pathways was lost. Press Resume to carry on from where it stopped.";
}

export function MediaUploader({ videos, onUploaded }: { videos: Video[]; onUploaded: () => void }) {
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const upload = useRef<Upload | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [captionsFor, setCaptionsFor] = useState("");
  const [phase, setPhase] = useState<Phase>("idle");
  const [sent, setSent] = useState(0);
  const [total, setTotal] = useState(0);
  const [announcement, setAnnouncement] = useState("");
  const [error, setError] = useState("");
  const lastAnnounced = useRef(-1);
  const accepted = useRef(0); // bytes the server has confirmed (the progress bar also counts bytes in flight)

  const isCaptions = !!file && file.name.toLowerCase().endsWith(".vtt");
  const percent = total ? Math.floor((sent / total) * 100) : 0;

  useEffect(() => () => void upload.current?.abort(), []);

  const resumed = useRef(false);
  function announceProgress(name: string, bytes: number, of: number) {
    const pct = Math.floor((bytes / of) * 100);
    const step = Math.floor(pct / 10) * 10; // every 10%, not every chunk
    if (step !== lastAnnounced.current) {
      lastAnnounced.current = step;
      setAnnouncement(`${resumed.current ? "Carrying on with the earlier upload of" : "Uploading"} ${name}: ${step}%.`);
    }
  }

  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError("");
    if (!file) return setError("Choose a file to upload.");
    const declared = checkDeclared({ name: file.name, mime: file.type, size: file.size });
    if (!declared.ok) return setError(declared.message);
    if (isCaptions && !captionsFor) return setError("Choose the video these captions belong to.");

    const { Upload } = await import("tus-js-client");
    const metadata: Record<string, string> = { filename: file.name, filetype: declared.type.mime };
    if (isCaptions) metadata.captionsFor = captionsFor;
    const current = new Upload(file, {
      endpoint: new URL(ENDPOINT_PATH, window.location.href).href,
      chunkSize: CHUNK_BYTES,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      metadata,
      removeFingerprintOnSuccess: true,
      onShouldRetry: (err) => {
        const status = err.originalResponse?.getStatus() ?? 0;
        return status === 0 || status === 409 || status === 423 || status >= 500;
      },
      onProgress: (bytes, of) => {
        setSent(bytes);
        setTotal(of);
        announceProgress(file.name, bytes, of);
      },
      onChunkComplete: (_chunk, bytesAccepted) => {
        accepted.current = bytesAccepted;
      },
      onSuccess: () => {
        upload.current = null;
        setPhase("done");
        setAnnouncement(`Uploaded ${file.name}.`);
        setFile(null);
        setCaptionsFor("");
        if (fileInput.current) fileInput.current.value = "";
        onUploaded();
      },
      onError: (err) => {
        const message = serverMessage(err);
        const refused = "originalResponse" in err && (err.originalResponse?.getStatus() ?? 0) >= 400;
        setPhase(refused ? "error" : "paused");
        if (refused) upload.current = null;
        setError(message);
        setAnnouncement("");
      },
    });
    upload.current = current;
    setSent(0);
    setTotal(file.size);
    accepted.current = 0;
    lastAnnounced.current = -1;
    const previous = await current.findPreviousUploads();
    resumed.current = !!previous[0];
    if (previous[0]) {
      current.resumeFromPreviousUpload(previous[0]);
      setAnnouncement(`Carrying on with the earlier upload of ${file.name}.`);
    } else {
      setAnnouncement(`Uploading ${file.name}.`);
    }
    setPhase("uploading");
    current.start();
  }

  async function pause() {
    await upload.current?.abort();
    // What is safely on the server; the chunk that was on its way is sent again on Resume.
    const kept = Math.max(accepted.current, 0);
    setSent(kept);
    setPhase("paused");
    setAnnouncement(`Paused at ${total ? Math.floor((kept / total) * 100) : 0}%. Press Resume to carry on.`);
  }

  function resume() {
    if (!upload.current) return;
    setError("");
    setPhase("uploading");
    setAnnouncement(`Resuming from ${percent}%.`);
    upload.current.start();
  }

  const busy = phase === "uploading" || phase === "paused";
  return (
    <form onSubmit={start} className="media-uploader" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Upload a file</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>File</label>
        <span className="hint" id={`${id}-file-hint`}>
          {ALLOWED_LIST}. At most {formatBytes(MAX_BYTES.video)} for a video, {formatBytes(MAX_BYTES.image)} for an image and{" "}
          {formatBytes(MAX_BYTES.document)} for a PDF. If the upload stops, choose the same file again to carry on.
        </span>
        <input
          ref={fileInput}
          id={`${id}-file`}
          type="file"
          accept={ACCEPT_ATTRIBUTE}
          aria-describedby={`${id}-file-hint`}
          disabled={busy}
          onChange={(event) => {
            setFile(event.currentTarget.files?.[0] ?? null);
            setError("");
            if (phase === "done" || phase === "error") setPhase("idle");
          }}
        />
      </div>
      {isCaptions ? (
        <div className="field">
          <label htmlFor={`${id}-video`}>Video these captions belong to</label>
          {videos.length ? (
            <select id={`${id}-video`} value={captionsFor} onChange={(e) => setCaptionsFor(e.currentTarget.value)} disabled={busy}>
              <option value="">Choose a video…</option>
              {videos.map((video) => (
                <option key={video.id} value={video.id}>
                  {video.originalName}
                </option>
              ))}
            </select>
          ) : (
            <p className="hint">Upload the video first, then its captions.</p>
          )}
        </div>
      ) : null}

      {error ? (
        <Alert tone="error" title={phase === "paused" ? "Upload interrupted" : "Upload refused"}>
          <p>{error}</p>
        </Alert>
      ) : null}

      {phase !== "idle" && total > 0 ? (
        <div className="upload-progress">
          <label htmlFor={`${id}-progress`}>Upload progress</label>
          <progress id={`${id}-progress`} max={total} value={sent} />
          <p className="muted">
            {percent}% ({formatBytes(sent)} of {formatBytes(total)}){phase === "paused" ? ": paused" : ""}
          </p>
        </div>
      ) : null}
      <p role="status" aria-live="polite" className="upload-status">
        {announcement}
      </p>

      <div className="button-row">
        {phase === "uploading" ? (
          <Button type="button" variant="secondary" onClick={() => void pause()}>
            Pause
          </Button>
        ) : phase === "paused" ? (
          <Button type="button" onClick={resume}>
            Resume
          </Button>
        ) : (
          <Button type="submit">Upload</Button>
        )}
      </div>
    </form>
  );
}
