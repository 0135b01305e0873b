import { useEffect, useState, type RefObject } from 'react';

/** The element's content width in CSS pixels, tracked with a ResizeObserver. */
export function useElementWidth(ref: RefObject<HTMLElement | null>, initialPx: number): number {
  const [widthPx, setWidthPx] = useState(initialPx);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    // The observer reports the current size right after observe(), then on every change.
    const observer = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width;
      if (width !== undefined && width > 0) setWidthPx(Math.floor(width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return widthPx;
}
