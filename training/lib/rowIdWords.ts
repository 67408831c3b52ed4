/** Row ID problems from core (customerId.ts), in English for the CLIs. */
import type { CustomerIdProblem, RowIdProblem } from '../../src/core/customerId';

const KIND_WORDS: Record<CustomerIdProblem, string> = {
  empty: 'is empty',
  'not-a-number': 'is not a number',
  'not-whole': 'is not a whole number',
  negative: 'is negative',
  'too-large': 'is beyond 2^53, where IDs lose digits',
};

/** The reason a CLI prints and writes to --issues for a row's ID problem. */
export function describeRowIdProblem(problem: RowIdProblem): string {
  switch (problem.code) {
    case 'no-id':
      return 'no ID';
    case 'id-kind':
      return `the ID "${problem.id}" ${KIND_WORDS[problem.problem]}: this model's IDs are whole numbers ≥ 0`;
    case 'duplicate-id':
      return `the ID "${problem.id}" appears again (first at row ${problem.firstRow})`;
  }
}
