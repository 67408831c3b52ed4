/** How a figure is computed, folded away beside it: "Como é calculado" opens it. */
import type { ReactNode } from 'react';
import { useT } from '../context';

export function Explained(props: { readonly children: ReactNode; readonly summary?: string }) {
  const t = useT();
  return (
    <details className="explained">
      <summary>{props.summary ?? t('howCalculated')}</summary>
      <div className="explained-body">{props.children}</div>
    </details>
  );
}
