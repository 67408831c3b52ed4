/**
 * The tabs, as the WAI-ARIA tabs pattern has them: one tab stop (the selected tab), the arrow keys
 * move between tabs and select them, Home and End go to the first and last; each tab controls the
 * one tab panel, which is labelled by the selected tab.
 */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { UiSlice } from '../shared/uiSlice';

type TabId = UiSlice['tab'];

export function Tabs(props: {
  readonly label: string;
  readonly tabs: readonly (readonly [TabId, string])[];
  readonly selected: TabId;
  readonly onSelect: (tab: TabId) => void;
  readonly children: ReactNode;
}) {
  const { tabs, selected, onSelect } = props;
  const list = useRef<HTMLDivElement>(null);
  const index = Math.max(
    0,
    tabs.findIndex(([id]) => id === selected),
  );
  const move = (event: KeyboardEvent) => {
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[next];
    if (tab === undefined) return;
    onSelect(tab[0]);
    list.current?.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={props.label} className="tabs" ref={list} onKeyDown={move}>
        {tabs.map(([id, label]) => (
          <button
            key={id}
            id={`tab-${id}`}
            type="button"
            role="tab"
            aria-selected={selected === id}
            aria-controls="tab-panel"
            tabIndex={selected === id ? 0 : -1}
            onClick={() => {
              onSelect(id);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div
        id="tab-panel"
        className="panels"
        role="tabpanel"
        tabIndex={0}
        aria-labelledby={`tab-${tabs[index]?.[0] ?? selected}`}
      >
        {props.children}
      </div>
    </>
  );
}
