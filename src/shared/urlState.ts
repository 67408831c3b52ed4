/**
 * The view in the URL: a hand-set threshold, payoffs, capacity and language, so that a link
 * reproduces it. Without "t", the view follows the decision rule.
 */
import type { Payoffs } from '../core/decision';
import type { Language } from './i18n';

export interface SharedView {
  readonly threshold?: number;
  readonly payoffs?: Partial<Payoffs>;
  readonly capacity?: number | null;
  readonly language?: Language;
}

/** Reads a hash like "#t=0.12&tp=90&fp=-10&fn=0&tn=0&cap=500&lang=en"; bad values are ignored. */
export function readSharedView(hash: string): SharedView {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const number = (key: string) => {
    const text = params.get(key);
    if (text === null || text.trim() === '') return undefined;
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  };
  const payoffs: { -readonly [K in keyof Payoffs]?: number } = {};
  for (const key of ['tp', 'fp', 'fn', 'tn'] as const) {
    const value = number(key);
    if (value !== undefined) payoffs[key] = value;
  }
  const threshold = number('t');
  const capacity = number('cap');
  const lang = params.get('lang');
  return {
    ...(threshold !== undefined && threshold >= 0 && threshold <= 1 ? { threshold } : {}),
    payoffs,
    ...(capacity !== undefined && capacity >= 0 ? { capacity: Math.floor(capacity) } : {}),
    ...(lang === 'en' || lang === 'pt-BR' ? { language: lang } : {}),
  };
}

/** The hash for a view. */
export function writeSharedView(view: {
  threshold: number | null;
  payoffs: Payoffs;
  capacity: number | null;
  language: Language;
}): string {
  const params = new URLSearchParams();
  // Whole: a link opened elsewhere must give the same figures (rounding a threshold moves
  // customers across it).
  if (view.threshold !== null) params.set('t', String(view.threshold));
  params.set('tp', String(view.payoffs.tp));
  params.set('fp', String(view.payoffs.fp));
  params.set('fn', String(view.payoffs.fn));
  params.set('tn', String(view.payoffs.tn));
  if (view.capacity !== null) params.set('cap', String(view.capacity));
  params.set('lang', view.language);
  return `#${params.toString()}`;
}
