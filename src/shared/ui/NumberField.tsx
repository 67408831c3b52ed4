/**
 * A number box that keeps what the analyst types: the text may be anything (even empty) while
 * editing, and is read by core's readDecimalText, in the view's decimal convention, when the
 * analyst leaves the box or presses Enter. Text that does not read is kept and marked invalid
 * beside the box; the value in force does not change. Escape puts the value in force back, and so
 * does a change of that value from elsewhere.
 */
import { useId, useState, type ReactNode } from 'react';
import {
  readDecimalText,
  type DecimalTextProblem,
  type DecimalTextRule,
} from '../../core/decimalText';
import { useAppStore, useT } from '../context';
import { decimalMarkOf, formatEditable, numberProblemText } from '../i18n';

interface NumberFieldProps {
  readonly label: ReactNode;
  /** The value in force; null shows an empty box. */
  readonly value: number | null;
  /** Most decimals shown for the value in force. */
  readonly digits: number;
  readonly rule?: DecimalTextRule;
  /** An empty box commits null (no capacity, the rule's threshold); otherwise it is invalid. */
  readonly emptyIsNull?: boolean;
  readonly onCommit: (value: number | null) => void;
  readonly testId?: string;
  readonly disabled?: boolean;
  /** The box holds a cost, typed as a positive amount: a minus sign is explained as such. */
  readonly isCost?: boolean;
}

export function NumberField({
  label,
  value,
  digits,
  rule = {},
  emptyIsNull = false,
  onCommit,
  testId,
  disabled = false,
  isCost = false,
}: NumberFieldProps) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const messageId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ code: DecimalTextProblem; typed: string } | null>(null);
  // The value in force changed elsewhere (the slider, a link, another box): show it, drop the text.
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setDraft(null);
    setProblem(null);
  }
  const shown = draft ?? (value === null ? '' : formatEditable(language, value, digits));

  const commit = () => {
    if (draft === null) return;
    const read = readDecimalText(draft, decimalMarkOf(language), rule);
    if (read.ok) {
      onCommit(read.value);
    } else if (read.problem.code === 'empty' && emptyIsNull) {
      onCommit(null);
    } else {
      setProblem({ code: read.problem, typed: draft });
      return;
    }
    setDraft(null);
    setProblem(null);
  };

  return (
    <span className="number-field">
      <label>
        {label}
        <input
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={shown}
          disabled={disabled}
          data-testid={testId}
          data-value={value ?? ''}
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? undefined : messageId}
          onChange={(e) => {
            setDraft(e.target.value);
          }}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Escape') {
              setDraft(null);
              setProblem(null);
            }
          }}
        />
      </label>
      {problem !== null && (
        <span id={messageId} className="field-problem" role="alert">
          {numberProblemText(t, problem.code, language, problem.typed, isCost)}
        </span>
      )}
    </span>
  );
}
