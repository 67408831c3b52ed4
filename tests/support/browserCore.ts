/** Entry bundled for the browser parity test: exposes core's own functions on globalThis. */
import { parseCsv } from '../../src/core/records/csv';
import { rocAuc } from '../../src/core/metrics';
import { createRecordEncoder } from '../../src/core/preprocess';
import { ProfitCurve, DEFAULT_PAYOFFS } from '../../src/core/decision/profit';

Object.assign(globalThis, {
  RetemCore: { parseCsv, createRecordEncoder, rocAuc, ProfitCurve, DEFAULT_PAYOFFS },
});
