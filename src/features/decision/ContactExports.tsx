/**
 * The contact list to download: for the call centre's spreadsheet (in the interface's language
 * and conventions) and in the machine format that `npm run score` writes.
 */
import { BRAZILIAN_SHEET, ENGLISH_SHEET, type AppliedRule } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { formatNumber } from '../../shared/i18n';
import { downloadCsv } from '../../shared/ui/downloadCsv';
import { contactListCsv, contactSheetCsv } from './contactList';

export function ContactExports({ rule }: { readonly rule: AppliedRule }) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const snapshot = useAppStore((s) => s.snapshot);
  const payoffs = useAppStore((s) => s.payoffs);
  if (snapshot === null) return null;
  const count = formatNumber(language, rule.contacted);
  return (
    <>
      <button
        type="button"
        className="primary"
        onClick={() => {
          const csv = contactSheetCsv(
            snapshot.ids,
            snapshot.probabilities,
            rule.threshold,
            payoffs,
            snapshot.labels,
            {
              position: t('sheetPosition'),
              id: t('sheetId'),
              probability: t('sheetProbability'),
              expectedValue: t('sheetExpectedValue'),
              reason: t('sheetReason'),
            },
            language === 'pt-BR' ? BRAZILIAN_SHEET : ENGLISH_SHEET,
          );
          downloadCsv(t('contactSheetFile'), csv);
        }}
      >
        {t('exportSheet', { count })}
      </button>
      <button
        type="button"
        onClick={() => {
          const csv = contactListCsv(
            snapshot.ids,
            snapshot.probabilities,
            rule.threshold,
            payoffs,
            snapshot.labels,
          );
          downloadCsv(t('contactListFile'), csv);
        }}
      >
        {t('exportContacts', { count })}
      </button>
    </>
  );
}
