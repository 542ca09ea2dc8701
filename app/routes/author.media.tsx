import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { MediaUploader } from "~/components/media-uploader.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { listMyMedia } from "~/modules/uploads/media.server.ts";
import { formatBytes } from "~/modules/uploads/policy.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "My media – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const author = await requireRole(request, "author", "admin");
  return { media: await listMyMedia(author.id) };
}

const KIND_LABELS = { video: "Video", image: "Image", document: "Document", captions: "Captions" } as const;

export default function AuthorMedia() {
  const { media } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const videos = media.filter((m) => m.kind === "video");
  const missingCaptions = videos.filter((v) => v.captions.length === 0);

  return (
    <div className="container page">
      <h1>My media</h1>
      <p>
        Videos, images and PDF handouts for your modules. Uploads carry on after a dropped connection. Every video needs WebVTT captions
        before it can be published.
      </p>
      {hydrated ? (
        <MediaUploader videos={videos.map(({ id, originalName }) => ({ id, originalName }))} onUploaded={() => revalidator.revalidate()} />
      ) : (
        <p className="alert alert--info">
          Uploading needs JavaScript. Turn it on in your browser to upload files; your media is listed below.
        </p>
      )}

      <h2>Your files</h2>
      {missingCaptions.length ? (
        <p className="alert alert--warning">
          {missingCaptions.length === 1 ? "1 video has" : `${missingCaptions.length} videos have`} no captions yet: upload a .vtt file and
          choose the video it belongs to.
        </p>
      ) : null}
      {media.length ? (
        <table>
          <caption className="visually-hidden">Your uploaded media, newest first</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Kind</th>
              <th scope="col">Size</th>
              <th scope="col">Uploaded</th>
              <th scope="col">Captions</th>
            </tr>
          </thead>
          <tbody>
            {media.map((item) => (
              <tr key={item.id}>
                <td>
                  <a href={item.url}>{item.originalName}</a>
                </td>
                <td>{KIND_LABELS[item.kind]}</td>
                <td>{formatBytes(item.bytes)}</td>
                <td>{formatDate(item.createdAt, "short")}</td>
                <td>
                  {item.kind === "video"
                    ? item.captions.length
                      ? `Yes (${item.captions.map((c) => c.originalName).join(", ")})`
                      : "Missing"
                    : item.captionsFor
                      ? `For ${item.captionsFor.originalName}`
                      : "Not needed"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>You have not uploaded anything yet.</p>
      )}
    </div>
  );
}
