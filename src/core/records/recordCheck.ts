/**
 * The checks every customer record passes before its cells are read, the same in the scoring CLI,
 * the snapshot CLI and the app's upload: as many fields as the header, and an ID of the model's
 * kind seen for the first time in the file.
 */
import { IdLedger, type IdKind } from './customerId';
import { closestColumnNames, columnIndex } from './columnNames';
import type { HeaderProblem } from './fileProblems';
import { failure, success, type Result } from '../result';
import type { RowRefusal } from './rowProblems';

export class RecordChecker {
  private readonly ledger: IdLedger;

  private constructor(
    /** The ID column's name and position in the header. */
    readonly idColumn: string,
    readonly idIndex: number,
    /** Fields the header has, and so every record. */
    readonly fieldCount: number,
    idKind: IdKind,
  ) {
    this.ledger = new IdLedger(idKind);
  }

  /**
   * A checker for a file's header (names are trimmed), or 'no-id-column' when the header lacks the
   * ID column. IDs are checked against idKind (see customerId.ts).
   */
  static create(
    header: readonly string[],
    idColumn: string,
    idKind: IdKind,
  ): Result<RecordChecker, HeaderProblem> {
    const idIndex = columnIndex(header, idColumn);
    if (idIndex < 0) {
      return failure({
        code: 'no-id-column',
        column: idColumn,
        closest: closestColumnNames(idColumn, header),
      });
    }
    return success(new RecordChecker(idColumn, idIndex, header.length, idKind));
  }

  /** The record's ID cell, trimmed ('' when absent). */
  idOf(fields: readonly string[]): string {
    return (fields[this.idIndex] ?? '').trim();
  }

  /**
   * The ID a row issue names for a record: its ID cell, trimmed, or '' when the record's fields
   * do not line up with the header (the cell at the ID's place may be another column's).
   */
  issueIdOf(fields: readonly string[]): string {
    return fields.length === this.fieldCount ? this.idOf(fields) : '';
  }

  /**
   * Why data row `row` (1-based, rows checked in file order) cannot be scored, with the column at
   * fault (null for the row as a whole), or null when its cells may be read.
   */
  check(
    fields: readonly string[],
    row: number,
  ): { readonly column: string | null; readonly problem: RowRefusal } | null {
    if (fields.length !== this.fieldCount) {
      return {
        column: null,
        problem: { code: 'field-count', found: fields.length, expected: this.fieldCount },
      };
    }
    const problem = this.ledger.check(this.idOf(fields), row);
    return problem === null ? null : { column: this.idColumn, problem };
  }
}
