import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  BRAZILIAN_SHEET,
  ENGLISH_SHEET,
  UTF8_BOM,
  contactSheetText,
  type ContactSheetHeader,
} from '../../src/core/decision/contactSheet';

const PT: ContactSheetHeader = {
  position: 'Posição',
  id: 'ID do cliente',
  probability: 'Probabilidade de saída (%)',
  expectedValue: 'Valor esperado do contato (R$)',
  value: 'Valor do cliente (R$)',
  reason: 'Principal motivo',
};

const first = {
  id: '7590-VHVEG',
  probability: 0.91234,
  expectedValue: 80.2345,
  reason: 'Contrato',
};
const second = { id: 'A;B "x"', probability: 0.5, expectedValue: 40, reason: null };
const rows = [first, second];

/** Reads a sheet back as a Brazilian Excel does: `;` between cells, decimal commas. */
function readBrazilian(text: string): string[][] {
  expect(text.startsWith(UTF8_BOM)).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}
const decimalComma = (cell: string) => Number(cell.replace(',', '.'));

describe("the call centre's contact sheet", () => {
  it('opens as columns in a Brazilian spreadsheet: BOM, `;`, decimal commas, Portuguese headers', () => {
    const table = readBrazilian(contactSheetText(rows, PT, BRAZILIAN_SHEET));
    expect(table[0]).toEqual([
      'Posição',
      'ID do cliente',
      'Probabilidade de saída (%)',
      'Valor esperado do contato (R$)',
      'Principal motivo',
    ]);
    expect(table[1]).toEqual(['1', '7590-VHVEG', '91,2', '80,23', 'Contrato']);
    // An ID holding the separator or quotes comes back whole.
    expect(table[2]).toEqual(['2', 'A;B "x"', '50,0', '40,00', '']);
    expect(decimalComma(table[1]?.[2] ?? '')).toBeCloseTo(91.2, 10);
    expect(decimalComma(table[1]?.[3] ?? '')).toBeCloseTo(80.23, 10);
  });

  it('leaves the reason column out when no row has one: no column is the same on every row', () => {
    const table = readBrazilian(
      contactSheetText(
        rows.map((row) => ({ ...row, reason: null })),
        PT,
        BRAZILIAN_SHEET,
      ),
    );
    expect(table[0]).toHaveLength(4);
    expect(table[1]).toEqual(['1', '7590-VHVEG', '91,2', '80,23']);
  });

  it("adds each customer's own value after the probability when the portfolio has values", () => {
    const table = readBrazilian(
      contactSheetText(
        [
          { ...first, value: 1234.5 },
          { ...second, value: Number.NaN },
        ],
        PT,
        BRAZILIAN_SHEET,
      ),
    );
    expect(table[0]?.[3]).toBe('Valor do cliente (R$)');
    expect(table[1]).toEqual(['1', '7590-VHVEG', '91,2', '1234,50', '80,23', 'Contrato']);
    expect(table[2]).toEqual(['2', 'A;B "x"', '50,0', '', '40,00', '']);
  });

  it('ends lines in CRLF and writes the header alone when nobody is contacted', () => {
    expect(contactSheetText([], PT, BRAZILIAN_SHEET)).toBe(
      `${UTF8_BOM}Posição;ID do cliente;Probabilidade de saída (%);Valor esperado do contato (R$)\r\n`,
    );
  });

  it('uses commas and decimal points in the English convention', () => {
    const text = contactSheetText(rows.slice(0, 1), PT, ENGLISH_SHEET);
    expect(text.split('\r\n')[1]).toBe('1,7590-VHVEG,91.2,80.23,Contrato');
  });

  it('leaves a cell empty for a probability or value that is not a number', () => {
    const text = contactSheetText(
      [{ id: '1', probability: Number.NaN, expectedValue: Number.NaN, reason: null }],
      PT,
      BRAZILIAN_SHEET,
    );
    expect(text.split('\r\n')[1]).toBe('1;1;;');
  });
});
