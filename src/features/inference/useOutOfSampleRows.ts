/** The rows the model's out-of-sample figures were measured on, once read; null before (or without). */
import type { OutOfSampleRows } from '../../core/modelFiles';
import { useAppStore } from '../../shared/context';

export function useOutOfSampleRows(): OutOfSampleRows | null {
  return useAppStore((s) => (s.outOfSample.status === 'ready' ? s.outOfSample.rows : null));
}
