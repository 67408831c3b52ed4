/** A column's readable label from the model's data dictionary (metrics.json), as a hook. */
import { useCallback } from 'react';
import { useAppStore } from '../../shared/context';

/** (column) → its label where the dictionary gives one, else the column's own name. */
export function useColumnLabel(): (column: string) => string {
  const labels = useAppStore((s) => s.metrics?.columnLabels);
  return useCallback((column: string) => labels?.[column] ?? column, [labels]);
}
