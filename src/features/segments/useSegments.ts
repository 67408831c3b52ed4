/**
 * The segments of the model that answers, fetched the first time the view needs them; after a
 * fetch that failed on the way, fetched again when the browser is back online.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../shared/context';
import { loadSegments } from './segmentsSource';

export function useSegments() {
  const metrics = useAppStore((s) => s.metrics);
  const segments = useAppStore((s) => s.segments);
  const setSegments = useAppStore((s) => s.setSegments);

  useEffect(() => {
    if (segments.status !== 'idle' || metrics === null) return;
    setSegments({ status: 'loading' });
    void loadSegments(`${import.meta.env.BASE_URL}model/`, metrics).then((loaded) => {
      setSegments(
        loaded.ok
          ? { status: 'ready', data: loaded.value }
          : { status: 'unavailable', problem: loaded.problem },
      );
    });
  }, [segments.status, metrics, setSegments]);

  const unreachable = segments.status === 'unavailable' && segments.problem.code === 'unreachable';
  useEffect(() => {
    if (!unreachable) return;
    const retry = () => {
      setSegments({ status: 'idle' });
    };
    window.addEventListener('online', retry);
    return () => {
      window.removeEventListener('online', retry);
    };
  }, [unreachable, setSegments]);

  return segments;
}
