/** Training progress on a terminal: one refreshed bar per tower; plain lines when not a terminal. */
import type { EpochLog } from './towerTraining';
import type { TrainingProgress } from './pipeline';

export interface ProgressPrinter extends TrainingProgress {
  /** Ends the live display. */
  done(): void;
}

/** One epoch's figures; refit epochs have no validation rows. */
function describe(log: EpochLog): string {
  const loss = `loss ${log.loss.toFixed(4)}`;
  return Number.isNaN(log.valAuc)
    ? `${loss} (refit on every row)`
    : `${loss}  val_loss ${log.valLoss.toFixed(4)}  val_auc ${log.valAuc.toFixed(4)}`;
}

/** Writes progress to a stream (stderr), so that stdout stays the report. */
export function createProgress(stream: NodeJS.WriteStream, maxEpochs = 60): ProgressPrinter {
  const live = stream.isTTY;
  const started = Date.now();
  const towers = new Map<number, EpochLog>();
  let drawn = 0;
  const draw = () => {
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    const lines = [...towers.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([tower, log]) => {
        const filled = Math.min(20, Math.round((log.epoch / maxEpochs) * 20));
        const bar = '█'.repeat(filled) + '░'.repeat(20 - filled);
        return `  tower ${tower + 1} ${bar} epoch ${String(log.epoch).padStart(3)}  ${describe(log)}`;
      });
    for (const line of lines) stream.write(`\x1b[2K${line}\n`);
    drawn = lines.length;
  };
  return {
    stage(message) {
      drawn = 0;
      stream.write(`• [${((Date.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
    },
    epoch(tower, log) {
      towers.set(tower, log);
      if (live) draw();
      else if (log.epoch % 5 === 0 || log.epoch === 1) {
        stream.write(`  tower ${tower + 1} epoch ${log.epoch}: ${describe(log)}\n`);
      }
    },
    done() {
      drawn = 0;
    },
  };
}
