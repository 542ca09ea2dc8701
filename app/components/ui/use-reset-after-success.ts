import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";

// useLayoutEffect warns when React renders on the server; there is nothing to reset there anyway.
const useIsomorphicLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;

/**
 * Empties `form` once its own submission (`submitting`) has finished without an error, ready for
 * the next entry. The reset runs in the same task as the render that shows the result (a layout
 * effect, not a passive one), so nobody (a fast typist, a browser test) can type into the field
 * between the confirmation appearing and the field being cleared, and lose what they typed.
 */
export function useResetAfterSuccess(form: RefObject<HTMLFormElement | null>, submitting: boolean, error: unknown) {
  const wasSubmitting = useRef(false);
  useIsomorphicLayoutEffect(() => {
    if (wasSubmitting.current && !submitting && !error) form.current?.reset();
    wasSubmitting.current = submitting;
  }, [form, submitting, error]);
}
