/**
 * The segments of the model that answers, fetched the first time the view needs them. After a
 * fetch that failed on the way, asked again each time the view opens and when the browser is back
 * online.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../shared/context';
import { loadSegments } from './segmentsSource';

export function useSegments() {
  const metrics = useAppStore((s) => s.metrics);
  const segments = useAppStore((s) => s.segments);
  const asked = useAppStore((s) => s.segmentsAsked);
  const read = useAppStore((s) => s.segmentsRead);
  const retried = useAppStore((s) => s.segmentsRetried);

  // The view opens: a failed fetch before it is worth another try.
  useEffect(() => {
    retried();
  }, [retried]);

  useEffect(() => {
    if (segments.status !== 'idle' || metrics === null) return;
    asked();
    void loadSegments(`${import.meta.env.BASE_URL}model/`, metrics).then((loaded) => {
      read(metrics.schemaHash, loaded);
    });
  }, [segments.status, metrics, asked, read]);

  const unreachable = segments.status === 'unavailable' && segments.problem.code === 'unreachable';
  useEffect(() => {
    if (!unreachable) return;
    window.addEventListener('online', retried);
    return () => {
      window.removeEventListener('online', retried);
    };
  }, [unreachable, retried]);

  return segments;
}
