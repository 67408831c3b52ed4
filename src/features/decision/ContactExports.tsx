/**
 * The contact list to download: for the call centre's spreadsheet (in the interface's language
 * and conventions) and in the machine format that `npm run score` writes. By probability, or by
 * each customer's value when the portfolio has one and the analyst ranks by it.
 */
import {
  BRAZILIAN_SHEET,
  ENGLISH_SHEET,
  contactSheetText,
  type AppliedRule,
} from '../../core/decision';
import { useState } from 'react';
import { useAppStore, useT } from '../../shared/context';
import { useClient } from '../inference/clientContext';
import { useColumnLabel } from '../inference/columnLabels';
import { formatNumber } from '../../shared/i18n';
import { downloadCsv } from '../../shared/ui/downloadCsv';
import {
  contactedInOrder,
  contactListCsv,
  contactSheetRows,
  valueContactListCsv,
  valueContactSheetRows,
  type ValuedContacts,
} from './contactList';
import type { PortfolioAnswerFigures } from './usePortfolioAnswer';

export function ContactExports(props: {
  readonly rule: AppliedRule;
  readonly answer: PortfolioAnswerFigures | null;
}) {
  const { rule, answer } = props;
  const t = useT();
  const language = useAppStore((s) => s.language);
  const snapshot = useAppStore((s) => s.snapshot);
  const payoffs = useAppStore((s) => s.payoffs);
  const valueShare = useAppStore((s) => s.valueShare);
  const client = useClient();
  const label = useColumnLabel();
  const [preparing, setPreparing] = useState(false);
  if (snapshot === null || answer === null) return null;
  const valued: ValuedContacts | null =
    answer.ranking === null || snapshot.values === null
      ? null
      : {
          ids: snapshot.ids,
          labels: snapshot.labels,
          probabilities: snapshot.probabilities,
          values: snapshot.values,
          order: answer.ranking.order,
          contacted: answer.contacted,
        };
  const count = formatNumber(language, answer.contacted);
  return (
    <>
      <button
        type="button"
        className="primary"
        disabled={preparing}
        aria-busy={preparing}
        onClick={() => {
          // The contacts' portfolio indices in order: the rows, and whom to ask reasons for.
          const order =
            valued === null
              ? contactedInOrder(snapshot.ids, snapshot.probabilities, rule.threshold)
              : Array.from({ length: valued.contacted }, (_, k) => valued.order[k] ?? 0);
          const rows =
            valued === null
              ? contactSheetRows(
                  order,
                  snapshot.ids,
                  snapshot.probabilities,
                  payoffs,
                  snapshot.labels,
                )
              : valueContactSheetRows(valued, payoffs, valueShare);
          setPreparing(true);
          void (client === null ? Promise.resolve(null) : client.contactReasons(order))
            .then((found) => found?.reasons ?? null)
            .catch(() => null)
            .then((reasons) => {
              setPreparing(false);
              download(
                rows.map((row, i) => {
                  const reason = reasons?.[i] ?? null;
                  return { ...row, reason: reason === null ? null : label(reason) };
                }),
              );
            });
        }}
      >
        {preparing ? t('preparingSheet') : t('exportSheet', { count })}
      </button>
      <button
        type="button"
        onClick={() => {
          const csv =
            valued === null
              ? contactListCsv(
                  snapshot.ids,
                  snapshot.probabilities,
                  rule.threshold,
                  payoffs,
                  snapshot.labels,
                )
              : valueContactListCsv(valued, payoffs, valueShare);
          downloadCsv(t('contactListFile'), csv);
        }}
      >
        {t('exportContacts', { count })}
      </button>
    </>
  );

  /** The spreadsheet of these rows, downloaded in the interface's words and separators. */
  function download(rows: Parameters<typeof contactSheetText>[0]): void {
    const csv = contactSheetText(
      rows,
      {
        position: t('sheetPosition'),
        id: t('sheetId'),
        probability: t('sheetProbability'),
        value: t('sheetValue'),
        expectedValue: t('sheetExpectedValue'),
        reason: t('sheetReason'),
      },
      language === 'pt-BR' ? BRAZILIAN_SHEET : ENGLISH_SHEET,
    );
    downloadCsv(t('contactSheetFile'), csv);
  }
}
