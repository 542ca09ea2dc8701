import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { getProgressQueue, type QueueState, type QueuedWrite } from "./progress-queue.ts";

/**
 * Queue state for the status line, and a reload of the page's data once writes are acknowledged.
 * `userId` is the account the page was rendered for: the queue stamps writes with it and sends only its own.
 */
export function useProgressQueue(userId: string, onAcknowledged?: (writes: QueuedWrite[]) => void) {
  const [state, setState] = useState<QueueState>({ pending: 0, status: "idle", lastError: null, refused: [], otherAccount: 0 });
  const [hydrated, setHydrated] = useState(false);
  const revalidator = useRevalidator();
  // The page stays mounted while the learner moves between activities: always call the latest callback.
  const latest = useRef({ onAcknowledged, revalidate: revalidator.revalidate });
  latest.current = { onAcknowledged, revalidate: revalidator.revalidate };
  useEffect(() => {
    getProgressQueue().setUser(userId);
  }, [userId]);
  useEffect(() => {
    setHydrated(true);
    return getProgressQueue().subscribe((next, acknowledged) => {
      setState(next);
      if (acknowledged.length > 0) {
        latest.current.onAcknowledged?.(acknowledged);
        // Visits and drafts change nothing on the page; everything else may change a tick.
        if (acknowledged.some((w) => w.intent !== "visit" && w.intent !== "code-draft" && w.intent !== "blocks-draft"))
          latest.current.revalidate();
      }
    });
  }, []);
  return { state, hydrated };
}
