/**
 * A portfolio from the analyst's disk, installed and then answering; it never leaves the machine.
 * The file is a snapshot made by npm run snapshot (or the parts of one), or a customer CSV
 * (gzip-compressed or not) turned into one here with core's snapshot builder, as the CLI does it.
 */
import Papa from 'papaparse';
import { rowIssuesSkippedFirst, type PreprocessSpec } from '../../../../core/preprocess';
import type { FileProblem, RowIssue } from '../../../../core/records';
import { failure, type Result } from '../../../../core/result';
import { SnapshotBuilder, SnapshotFormatError } from '../../../../core/snapshot';
import {
  isQuotaExceeded,
  portfolioOfBytes,
  type InstallRecord,
  type PortfolioSource,
} from '../../../snapshot/snapshotStore';
import type { PortfolioProblem } from '../../protocol';
import { CorruptGzipError } from '../files/gzipStreams';
import { isSnapshotFile, portfolioOfPartFiles, snapshotBytesOf } from '../files/snapshotFiles';
import { readableUpload } from '../files/uploadInput';
import type { WorkerSession } from '../workerSession';
import { answerFrom, noticeOf } from './answer';

/**
 * Customers of a CSV, through core's snapshot builder, parsed a piece at a time as an upload is
 * (a gzip file decompresses as it streams): never the whole text at once.
 */
async function buildFromCsv(
  spec: PreprocessSpec,
  file: File,
  valueColumn: string | null,
): Promise<Result<SnapshotBuilder, FileProblem>> {
  const readable = await readableUpload(file);
  if (!readable.ok) return readable;
  const { source } = readable.value;
  let created: Result<SnapshotBuilder, FileProblem> | null = null;
  let line = 0;
  return new Promise((resolve, reject) => {
    // Papaparse streams from any Node-style readable; its types name only Node's.
    Papa.parse<string[]>(source as unknown as File, {
      header: false,
      skipEmptyLines: 'greedy',
      chunkSize: 1 << 20,
      chunk(results, parser) {
        for (const fields of results.data) {
          line++;
          if (created === null) {
            const names = fields.map((f) => f.replace(/^\ufeff/, ''));
            created = SnapshotBuilder.create(
              spec,
              names,
              results.meta.delimiter === ';',
              null,
              valueColumn,
            );
            if (!created.ok) {
              parser.abort();
              source.stop();
              return;
            }
            continue;
          }
          if (created.ok) created.value.add(fields, line);
        }
      },
      complete() {
        resolve(created ?? failure({ code: 'empty' }));
      },
      error(error) {
        if (error instanceof CorruptGzipError) resolve(failure({ code: 'corrupt-gzip' }));
        else reject(error);
      },
    });
  });
}

/** What the files hold: a portfolio, with the rows skipped and warned of, or why none. */
type Opened =
  | {
      readonly ok: true;
      readonly portfolio: PortfolioSource;
      readonly skipped: number;
      readonly warnings: number;
      readonly issues: readonly RowIssue[];
    }
  | { readonly ok: false; readonly problem: PortfolioProblem };

/** Skipped rows and warned cells listed to the app; the rest are counted. */
const LISTED_ISSUES = 1000;

async function portfolioOfFiles(
  spec: PreprocessSpec,
  files: readonly File[],
  valueColumn: string | null,
): Promise<Opened> {
  const refused = (problem: PortfolioProblem): Opened => ({ ok: false, problem });
  const [file] = files;
  if (file === undefined || (files.length === 1 && file.size === 0)) {
    return refused({ code: 'file', problem: { code: 'empty' } });
  }
  if (files.length > 1) {
    // The parts of one portfolio, as npm run snapshot writes a large one.
    const parts = await portfolioOfPartFiles(files);
    if (parts === 'not-a-snapshot' || parts === 'not-one-portfolio')
      return refused({ code: parts });
    return { ok: true, portfolio: parts, skipped: 0, warnings: 0, issues: [] };
  }
  if (await isSnapshotFile(file)) {
    const bytes = await snapshotBytesOf(file);
    if (bytes === null) return refused({ code: 'file', problem: { code: 'corrupt-gzip' } });
    try {
      return { ok: true, portfolio: portfolioOfBytes(bytes), skipped: 0, warnings: 0, issues: [] };
    } catch (error) {
      if (!(error instanceof SnapshotFormatError)) throw error;
      return refused({ code: 'not-a-snapshot' });
    }
  }
  // Not a snapshot: a customer CSV, if it is text, streamed as an upload is. A spreadsheet or
  // other binary file is refused with the CLI's reason.
  const built = await buildFromCsv(spec, file, valueColumn);
  if (!built.ok) return refused({ code: 'file', problem: built.problem });
  return {
    ok: true,
    portfolio: portfolioOfBytes(built.value.build()),
    skipped: built.value.issues.length,
    warnings: built.value.warnings.length,
    issues: rowIssuesSkippedFirst(built.value.issues, built.value.warnings, LISTED_ISSUES),
  };
}

/**
 * Opens `files` as the portfolio to answer from, or says why not (portfolio-outcome). A CSV keeps
 * `valueColumn` as each customer's value; a snapshot carries its own.
 */
export async function openPortfolio(
  session: WorkerSession,
  requestId: number,
  files: readonly File[],
  valueColumn: string | null = null,
): Promise<void> {
  const { model, store } = session.installed();
  const opened = await portfolioOfFiles(model.spec, files, valueColumn);
  const outcome = (problem: PortfolioProblem | null) => {
    const skipped = opened.ok ? opened.skipped : 0;
    const warnings = opened.ok ? opened.warnings : 0;
    const issues = opened.ok ? opened.issues : [];
    session.post({ kind: 'portfolio-outcome', requestId, problem, skipped, warnings, issues });
  };
  if (!opened.ok) {
    outcome(opened.problem);
    return;
  }
  const { header } = opened.portfolio;
  if (header.schemaHash !== model.spec.schemaHash) {
    outcome({ code: 'other-model', schemaHash: header.schemaHash, model: model.spec.schemaHash });
    return;
  }
  session.dispatch({ type: 'switch-started', to: null });
  let installed: InstallRecord;
  try {
    installed = await store.installPortfolio(opened.portfolio, () => undefined, 'disk');
  } catch (error) {
    session.dispatch({ type: 'switch-abandoned' });
    if (!isQuotaExceeded(error)) throw error;
    outcome({ code: 'storage-full' });
    return;
  }
  outcome(null);
  await answerFrom(session, installed, noticeOf('portfolio-opened', installed));
}
