/**
 * Keeps the page's language and URL in step with the view (threshold, payoffs, capacity,
 * language; the threshold when set by hand), so that a copied link opens the same view. Renders nothing. The URL is written once
 * the view has been still for a moment: dragging the threshold does not write history on every step.
 */
import { useEffect } from 'react';
import { useAppStore } from '../shared/context';
import { writeSharedView } from '../shared/urlState';

/** Milliseconds a view stays unchanged before the URL takes it. */
const URL_WRITE_DELAY_MS = 250;

export function SharedViewSync() {
  const language = useAppStore((s) => s.language);
  const threshold = useAppStore((s) => s.handThreshold);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  useEffect(() => {
    const timer = window.setTimeout(() => {
      const hash = writeSharedView({ threshold, payoffs, capacity, language });
      if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
    }, URL_WRITE_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [threshold, payoffs, capacity, language]);

  return null;
}
