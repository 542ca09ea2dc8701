/**
 * The panels of the module editor page (activities, sections, media, reviews, co-authors), each a
 * set of plain forms posting an `intent` the route parses with ModuleEditorCommandSchema. They work
 * without JavaScript; every button names what it acts on for screen readers.
 */
import { Form, Link } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { ADDABLE_TYPES } from "~/modules/authoring/draft-content.ts";
import { activityTypeLabel } from "~/modules/catalog/labels.ts";

type ActivityRow = { path: string; title: string; typeName: string; sectionTitle: string; problemCount: number };

/** Hidden fields every form of a draft carries: what it does and the revision the author saw. */
function Intent({ intent, revision }: { intent?: string; revision?: number }) {
  return (
    <>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {revision !== undefined ? <input type="hidden" name="revision" value={revision} /> : null}
    </>
  );
}

export function ActivitiesPanel({
  base,
  revision,
  editable,
  activities,
  unlisted,
}: {
  base: string;
  revision: number;
  editable: boolean;
  activities: ActivityRow[];
  unlisted: string[];
}) {
  return (
    <>
      <h2 id="activities">Activities</h2>
      {activities.length === 0 ? <p>No activities yet: add the first one below.</p> : null}
      <ol className="stack">
        {activities.map((a, i) => (
          <li key={a.path}>
            <Link to={`${base}/activities/${encodeURIComponent(a.path)}`}>{a.title}</Link>{" "}
            <span className="muted">
              ({a.typeName || "unknown type"}, {a.sectionTitle}
              {a.problemCount ? `, ${a.problemCount} problem${a.problemCount === 1 ? "" : "s"}` : ""})
            </span>{" "}
            <Link to={`${base}/preview/${encodeURIComponent(a.path)}`}>
              Preview<span className="visually-hidden"> {a.title}</span>
            </Link>
            {editable ? (
              <Form method="post" className="button-row">
                <Intent revision={revision} />
                <input type="hidden" name="path" value={a.path} />
                <Button variant="secondary" className="button--small" name="intent" value="move-up" disabled={i === 0}>
                  Move up<span className="visually-hidden"> {a.title}</span>
                </Button>
                <Button
                  variant="secondary"
                  className="button--small"
                  name="intent"
                  value="move-down"
                  disabled={i === activities.length - 1}
                >
                  Move down<span className="visually-hidden"> {a.title}</span>
                </Button>
                <Button variant="link" name="intent" value="remove">
                  Remove<span className="visually-hidden"> {a.title}</span>
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {unlisted.length ? <p className="muted">Other files kept with the module: {unlisted.join(", ")}.</p> : null}
      {editable ? <AddActivityForm revision={revision} /> : null}
    </>
  );
}

function AddActivityForm({ revision }: { revision: number }) {
  return (
    <Form method="post" aria-labelledby="add-heading" className="stack">
      <h3 id="add-heading">Add an activity</h3>
      <Intent intent="add-activity" revision={revision} />
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="new-type">Type</label>
          <select id="new-type" name="type" defaultValue="reading">
            {ADDABLE_TYPES.map((t) => (
              <option key={t} value={t}>
                {activityTypeLabel(t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-title">Title</label>
          <input id="new-title" name="title" type="text" required maxLength={120} />
        </div>
      </div>
      <Button variant="secondary">Add activity</Button>
    </Form>
  );
}

export function SectionsPanel({ revision, sections }: { revision: number; sections: { title: string; count: number }[] }) {
  return (
    <section aria-labelledby="sections">
      <h3 id="sections">Sections</h3>
      <ol className="stack">
        {sections.map((section, i) => (
          <li key={i}>
            <Form method="post" className="inline-fields">
              <Intent revision={revision} />
              <input type="hidden" name="index" value={i} />
              <div className="field">
                <label htmlFor={`section-${i}`}>Section {i + 1} title</label>
                <input id={`section-${i}`} name="title" type="text" defaultValue={section.title} maxLength={200} />
              </div>
              <Button variant="secondary" className="button--small" name="intent" value="rename-section">
                Rename<span className="visually-hidden"> section {i + 1}</span>
              </Button>
              {section.count === 0 ? (
                <Button variant="link" name="intent" value="remove-section">
                  Remove<span className="visually-hidden"> section {i + 1}</span>
                </Button>
              ) : null}
            </Form>
          </li>
        ))}
      </ol>
      <Form method="post" className="inline-fields">
        <Intent intent="add-section" revision={revision} />
        <div className="field">
          <label htmlFor="new-section">New section title</label>
          <input id="new-section" name="title" type="text" maxLength={200} required />
        </div>
        <Button variant="secondary">Add a section</Button>
      </Form>
    </section>
  );
}

type MediaPanelData = {
  attached: { path: string; kind: string | null; originalName: string | null }[];
  attachable: { id: string; originalName: string; kind: string; ownerName: string; suggestedPath: string }[];
};

export function MediaPanel({ revision, editable, media }: { revision: number; editable: boolean; media: MediaPanelData }) {
  return (
    <section aria-labelledby="media">
      <h2 id="media">Media files</h2>
      <p>
        Videos, captions and images you (or a co-author) uploaded at <Link to="/author/media">your media</Link> become files of this module
        under a name such as media/intro.mp4. A video activity names its video in <code>src</code> and its WebVTT captions in{" "}
        <code>captions</code>.
      </p>
      {media.attached.length === 0 ? <p>No media files yet.</p> : null}
      <ul className="stack">
        {media.attached.map((m) => (
          <li key={m.path}>
            <code>{m.path}</code>{" "}
            {m.originalName ? (
              <span className="muted">
                ({m.kind}, uploaded as {m.originalName})
              </span>
            ) : (
              <span className="muted">(this upload was deleted: attach another file)</span>
            )}
            {editable ? (
              <Form method="post" className="button-row">
                <Intent intent="detach-media" revision={revision} />
                <input type="hidden" name="path" value={m.path} />
                <Button variant="link">
                  Remove<span className="visually-hidden"> {m.path}</span>
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {editable && media.attachable.length ? <AttachMediaForm revision={revision} attachable={media.attachable} /> : null}
      {editable && media.attachable.length === 0 ? (
        <p>
          <Link to="/author/media">Upload a video, captions or an image</Link> to attach it here.
        </p>
      ) : null}
    </section>
  );
}

function AttachMediaForm({ revision, attachable }: { revision: number; attachable: MediaPanelData["attachable"] }) {
  return (
    <Form method="post" className="stack" aria-labelledby="attach-heading">
      <h3 id="attach-heading">Attach an upload</h3>
      <Intent intent="attach-media" revision={revision} />
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="attach-asset">Upload</label>
          <select id="attach-asset" name="assetId" required>
            {attachable.map((a) => (
              <option key={a.id} value={a.id}>
                {a.originalName} ({a.kind}, {a.ownerName}) → {a.suggestedPath}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="attach-path">File name in the module</label>
          <input
            id="attach-path"
            name="mediaPath"
            type="text"
            maxLength={200}
            placeholder="media/intro.mp4"
            aria-describedby="attach-path-hint"
          />
          <p className="hint" id="attach-path-hint">
            Leave empty to use the name shown after the arrow.
          </p>
        </div>
      </div>
      <Button variant="secondary">Attach</Button>
    </Form>
  );
}

type ReviewRow = {
  id: string;
  decision: string | null;
  reviewer: { name: string } | null;
  versionNumber: number | null;
  comments: string | null;
};

export function ReviewsPanel({ reviews }: { reviews: ReviewRow[] }) {
  if (reviews.length === 0) return null;
  return (
    <>
      <h2>Reviews</h2>
      <ul className="stack">
        {reviews.map((r) => (
          <li key={r.id}>
            {r.decision === "approved"
              ? `Approved by ${r.reviewer?.name ?? "a reviewer"}${r.versionNumber ? ` (published as version ${r.versionNumber})` : ""}`
              : r.decision === "returned"
                ? `Returned by ${r.reviewer?.name ?? "a reviewer"}`
                : "Waiting for review"}
            {r.comments ? <blockquote>{r.comments}</blockquote> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function CoAuthorsPanel({
  owner,
  canManage,
  coAuthors,
}: {
  owner: string;
  canManage: boolean;
  coAuthors: { id: string; name: string; email: string }[];
}) {
  return (
    <>
      <h2 id="co-authors">Co-authors</h2>
      {coAuthors.length === 0 ? <p>Only {owner} edits this module.</p> : null}
      <ul className="stack">
        {coAuthors.map((u) => (
          <li key={u.id}>
            {u.name} ({u.email})
            {canManage ? (
              <Form method="post" className="button-row">
                <Intent intent="remove-co-author" />
                <input type="hidden" name="userId" value={u.id} />
                <Button variant="link">
                  Remove<span className="visually-hidden"> {u.name} as co-author</span>
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <Form method="post" className="stack" aria-labelledby="co-authors">
          <Intent intent="add-co-author" />
          <div className="field">
            <label htmlFor="co-author-email">Email address of a course author</label>
            <input id="co-author-email" name="email" type="email" autoComplete="off" required />
          </div>
          <Button variant="secondary">Add co-author</Button>
        </Form>
      ) : null}
    </>
  );
}
