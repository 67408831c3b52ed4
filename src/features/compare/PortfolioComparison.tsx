/**
 * Champion and challenger on the installed portfolio, each at its own threshold: whom both, only
 * one or only the other contacts, and what each expects to earn by its own probabilities.
 */
import { useMemo } from 'react';
import { expectedValueOfContact } from '../../core/decision';
import { portfolioOverlap, type ModelFigures } from '../../core/modelFiles';
import type { HeaderProblem } from '../../core/records';
import { Explained } from '../../shared/ui/Explained';
import { useAppStore, useT } from '../../shared/context';
import { fileRefusal, formatMoney, formatNumber } from '../../shared/i18n';

/** R$ a portfolio is expected to earn when contacting at a threshold, by the model's own probabilities. */
function expectedProfit(
  probabilities: ArrayLike<number>,
  threshold: number,
  payoffs: Parameters<typeof expectedValueOfContact>[1],
) {
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0;
    if (p >= threshold) total += expectedValueOfContact(p, payoffs);
  }
  return total;
}

export function PortfolioComparison(props: {
  /** Each model's threshold is all the portfolio comparison reads of its metrics. */
  readonly champion: Pick<ModelFigures, 'threshold'>;
  readonly challenger: Pick<ModelFigures, 'threshold'>;
  /** The challenger's probabilities of the portfolio's customers, in the champion's order. */
  readonly portfolio: Float32Array | null;
  readonly portfolioProblem: HeaderProblem | null;
}) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const payoffs = useAppStore((s) => s.payoffs);
  const snapshot = useAppStore((s) => s.snapshot);
  const { champion, challenger, portfolioProblem } = props;
  const scores = props.portfolio;
  const portfolio = useMemo(() => {
    if (scores === null || snapshot === null) return null;
    const tA = champion.threshold.threshold;
    const tB = challenger.threshold.threshold;
    return {
      overlap: portfolioOverlap(snapshot.probabilities, tA, scores, tB),
      expectedA: expectedProfit(snapshot.probabilities, tA, payoffs),
      expectedB: expectedProfit(scores, tB, payoffs),
    };
  }, [champion, challenger, scores, snapshot, payoffs]);

  const money = (value: number) => formatMoney(language, value);
  const count = (value: number) => formatNumber(language, value);
  return (
    <>
      <h3>{t('comparePortfolio')}</h3>
      {portfolioProblem !== null && (
        <p className="note" role="note">
          {t('comparePortfolioProblem', { reason: fileRefusal(t, portfolioProblem) })}
        </p>
      )}
      {portfolio !== null && (
        <dl className="figures" data-testid="compare-portfolio">
          <div>
            <dt>{t('compareBoth')}</dt>
            <dd data-testid="overlap-both" data-value={portfolio.overlap.both}>
              {count(portfolio.overlap.both)}
            </dd>
          </div>
          <div>
            <dt>{t('compareChampionOnly')}</dt>
            <dd data-testid="overlap-champion" data-value={portfolio.overlap.championOnly}>
              {count(portfolio.overlap.championOnly)}
            </dd>
          </div>
          <div>
            <dt>{t('compareChallengerOnly')}</dt>
            <dd data-testid="overlap-challenger" data-value={portfolio.overlap.challengerOnly}>
              {count(portfolio.overlap.challengerOnly)}
            </dd>
          </div>
          <div>
            <dt>{t('compareExpectedChampion')}</dt>
            <dd>{money(portfolio.expectedA)}</dd>
          </div>
          <div>
            <dt>{t('compareExpectedChallenger')}</dt>
            <dd>{money(portfolio.expectedB)}</dd>
          </div>
        </dl>
      )}
      {portfolio !== null && (
        <Explained>
          <p>{t('compareExpectedNote')}</p>
        </Explained>
      )}
    </>
  );
}
