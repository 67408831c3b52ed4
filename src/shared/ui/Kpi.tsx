/** A key figure as a card: what it is, one number, and a line of context under it. */
import type { ReactNode } from 'react';

export function Kpi(props: {
  readonly label: string;
  /** The number, already formatted in the interface's language. */
  readonly value: string;
  readonly detail?: ReactNode;
  /** Test hook: data-testid on the number, with its raw value in data-value. */
  readonly testId?: string;
  readonly raw?: number;
  readonly children?: ReactNode;
}) {
  return (
    <div className="kpi">
      <div className="kpi-label">{props.label}</div>
      <div className="kpi-value" data-testid={props.testId} data-value={props.raw}>
        {props.value}
      </div>
      {props.detail !== undefined && <div className="kpi-detail">{props.detail}</div>}
      {props.children}
    </div>
  );
}
