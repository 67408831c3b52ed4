/** Reads a data dictionary file (CSV `column,label`) for `npm run train -- --labels`. */
import { readFile } from 'node:fs/promises';
import { DataFileError } from './csvFile';

/** The dictionary's text; a file that cannot be read throws DataFileError naming it. */
export async function readDictionary(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new DataFileError(
      `cannot read the data dictionary ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
