/** A 90% interval in words, with its edges (R$) as data attributes for tests and tools. */
import type { ReactNode } from 'react';

export function IntervalText(props: {
  readonly testId: string;
  readonly interval: readonly [number, number];
  readonly children: ReactNode;
}) {
  return (
    <span data-testid={props.testId} data-low={props.interval[0]} data-high={props.interval[1]}>
      {props.children}
    </span>
  );
}
