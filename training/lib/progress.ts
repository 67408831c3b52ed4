/**
 * Training progress on stderr: a line per stage with the time so far, and while the towers train,
 * one progress line for all of them together (epochs run against the most the schedule allows,
 * and the time left at that pace, an upper bound since early stopping ends towers sooner).
 */
import type { TrainingProgress } from './pipeline';
import { createMeter, type ProgressMeter } from './progressMeter';

export interface ProgressPrinter extends TrainingProgress {
  /** Ends the live display. */
  done(): void;
}

/** Writes progress to a stream (stderr), so that stdout stays the report. */
export function createProgress(stream: NodeJS.WriteStream): ProgressPrinter {
  const started = Date.now();
  const epochs = new Map<number, number>();
  let best = Number.NaN;
  let meter: ProgressMeter | null = null;
  const bestText = () => (Number.isNaN(best) ? undefined : `best fold AUC ${best.toFixed(4)}`);
  const endMeter = () => {
    meter?.finish(bestText());
    meter = null;
  };
  return {
    stage(message) {
      endMeter();
      stream.write(`• [${((Date.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
    },
    towersPlanned(epochCaps) {
      endMeter();
      epochs.clear();
      best = Number.NaN;
      const total = epochCaps.reduce((sum, cap) => sum + cap, 0);
      meter = createMeter(stream, 'training the towers', total, { unit: 'epochs', bound: true });
    },
    epoch(tower, log) {
      epochs.set(tower, log.epoch);
      if (!Number.isNaN(log.valAuc) && !(log.valAuc <= best)) best = log.valAuc;
      let run = 0;
      for (const epoch of epochs.values()) run += epoch;
      meter?.update(run, bestText());
    },
    done() {
      endMeter();
    },
  };
}
