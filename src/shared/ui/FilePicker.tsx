/**
 * A file chooser worded in the interface's language: a button, and beside it the chosen files'
 * names and sizes (or that none is chosen). The native input stays in the page, visually hidden,
 * named by `label` for assistive technology and keyboard use.
 */
import { useId, useState, type ChangeEvent } from 'react';
import { useAppStore, useT } from '../context';
import { formatBytes } from '../i18n';

export function FilePicker(props: {
  /** The input's accessible name: what the file is for. */
  readonly label: string;
  /** The button's words. */
  readonly button: string;
  readonly accept: string;
  readonly multiple?: boolean;
  readonly disabled?: boolean;
  /** Called with the chosen files (never an empty list); the input is then cleared. */
  readonly onFiles: (files: File[]) => void;
  /** Say "no file chosen" before any choice (true), or nothing (an optional picker). */
  readonly sayNoneChosen?: boolean;
}) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const id = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const change = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length === 0) return;
    setChosen(files.map((f) => `${f.name} (${formatBytes(language, f.size)})`).join(', '));
    props.onFiles(files);
  };
  return (
    <span className="file-picker">
      <input
        id={id}
        className="visually-hidden"
        type="file"
        aria-label={props.label}
        accept={props.accept}
        multiple={props.multiple ?? false}
        disabled={props.disabled ?? false}
        onChange={change}
      />
      <label htmlFor={id} className="button" aria-hidden="true">
        {props.button}
      </label>
      {(chosen !== null || props.sayNoneChosen !== false) && (
        <span className="file-chosen">{chosen ?? t('noFileChosen')}</span>
      )}
    </span>
  );
}
