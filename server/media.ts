import express from "express";
import { guardUnpublishedMedia, mediaCacheHeaders } from "../app/modules/uploads/media-access.server.ts";

/**
 * The media store at /media. Files are named by their content hash, so they never change and
 * published ones are cached for ever. Opened directly, a file downloads rather than renders
 * (uploads are authors' files); <img>/<video> are unaffected. Uploads no published version uses are
 * served only to their authors, co-authors, reviewers and admins (ADR 0026).
 */
export function serveMedia(mediaDir: string) {
  const router = express.Router();
  router.use(
    guardUnpublishedMedia(),
    express.static(mediaDir, {
      immutable: true,
      maxAge: "1y",
      index: false,
      fallthrough: false,
      setHeaders: (res) => {
        res.setHeader("Content-Disposition", "attachment");
        mediaCacheHeaders(res);
      },
    }),
  );
  return router;
}
