import type { DiffLine, FileChange, MediaChange } from "~/modules/authoring/review-diff.ts";

const CHANGE_LABELS: Record<FileChange["change"] | MediaChange["change"], string> = {
  added: "added",
  removed: "removed",
  changed: "changed",
  replaced: "replaced by another upload",
};

const LINE_LABELS: Record<DiffLine["kind"], string> = { added: "Added:", removed: "Removed:", same: "Unchanged:" };

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * What changed since the last published version, file by file. Each changed line is an <ins> or a
 * <del> with a text label ("Added:", "Removed:") and a +/− sign, so colour is never the only cue.
 */
export function DraftChanges({
  publishedVersion,
  fileChanges,
  mediaChanges,
  formatDate,
}: {
  publishedVersion: { number: number; publishedAt: string | Date } | null;
  fileChanges: FileChange[];
  mediaChanges: MediaChange[];
  formatDate: (d: string | Date) => string;
}) {
  const since = publishedVersion
    ? `since version ${publishedVersion.number} (published ${formatDate(publishedVersion.publishedAt)})`
    : "(not published yet: every file is new)";
  return (
    <section aria-labelledby="changes-title" className="stack draft-changes">
      <h2 id="changes-title">What changed {since}</h2>
      {fileChanges.length === 0 && mediaChanges.length === 0 ? <p>Nothing changed in the module's files.</p> : null}
      {fileChanges.length > 0 ? (
        <ul className="draft-changes__summary">
          {fileChanges.map((f) => (
            <li key={f.path}>
              <a href={`#change-${encodeURIComponent(f.path)}`}>{f.path}</a>: {CHANGE_LABELS[f.change]} ({plural(f.added, "line")} added,{" "}
              {plural(f.removed, "line")} removed)
            </li>
          ))}
        </ul>
      ) : null}
      {mediaChanges.length > 0 ? (
        <>
          <h3>Media files</h3>
          <ul>
            {mediaChanges.map((m) => (
              <li key={m.path}>
                {m.path}: {CHANGE_LABELS[m.change]}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {fileChanges.map((f) => (
        <FileDiff key={f.path} change={f} />
      ))}
    </section>
  );
}

function FileDiff({ change }: { change: FileChange }) {
  const id = `change-${encodeURIComponent(change.path)}`;
  return (
    <details className="file-diff" id={id} open={change.change === "changed"}>
      <summary>
        <span className="file-diff__path">{change.path}</span> ({CHANGE_LABELS[change.change]}: {plural(change.added, "line")} added,{" "}
        {plural(change.removed, "line")} removed)
      </summary>
      {change.tooLarge ? (
        <p>This file changed too much to show line by line here. Open the preview, or export the draft, to read it in full.</p>
      ) : (
        change.hunks.map((h, i) => (
          <div key={i} className="file-diff__hunk">
            <p className="muted file-diff__where">
              Lines {h.oldStart} to {h.oldStart + h.lines.filter((l) => l.kind !== "added").length - 1} before; {h.newStart} to{" "}
              {h.newStart + h.lines.filter((l) => l.kind !== "removed").length - 1} now
            </p>
            <pre className="file-diff__lines">
              {h.lines.map((l, j) => (
                <DiffLineView key={j} line={l} />
              ))}
            </pre>
          </div>
        ))
      )}
    </details>
  );
}

function DiffLineView({ line }: { line: DiffLine }) {
  const sign = line.kind === "added" ? "+" : line.kind === "removed" ? "−" : " ";
  const content = (
    <>
      <span className="visually-hidden">{LINE_LABELS[line.kind]} </span>
      <span aria-hidden="true" className="file-diff__sign">
        {sign}
      </span>
      {line.text || " "}
    </>
  );
  if (line.kind === "added")
    return (
      <ins className="file-diff__line file-diff__line--added" data-line={line.newLine}>
        {content}
        {"\n"}
      </ins>
    );
  if (line.kind === "removed")
    return (
      <del className="file-diff__line file-diff__line--removed" data-line={line.oldLine}>
        {content}
        {"\n"}
      </del>
    );
  return (
    <span className="file-diff__line">
      {content}
      {"\n"}
    </span>
  );
}
