/**
 * The churn benchmark's labelled sets in ../shared/data (described in ../shared/README.md): where
 * each file is and what a user tells `npm run train` about it, nothing more (no per-set settings).
 */
export interface SuiteSet {
  readonly name: string;
  /** Relative to the project's root. */
  readonly path: string;
  readonly id: string;
  readonly target: string;
  readonly positive?: string;
  /** Columns that leak the target. */
  readonly exclude: readonly string[];
}

const NAIVE_BAYES =
  'Naive_Bayes_Classifier_Attrition_Flag_Card_Category_Contacts_Count_12_mon_Dependent_count_Education_Level_Months_Inactive_12_mon_';

export const CHURN_SUITE: readonly SuiteSet[] = [
  {
    name: 'santander',
    path: '../shared/data/santander/train.csv.gz',
    id: 'ID',
    target: 'TARGET',
    exclude: [],
  },
  {
    name: 'telco',
    path: '../shared/data/telco/telco_customer_churn.csv.gz',
    id: 'customerID',
    target: 'Churn',
    exclude: [],
  },
  {
    name: 'bank_churners',
    path: '../shared/data/bank_churners/bank_churners.csv.gz',
    id: 'CLIENTNUM',
    target: 'Attrition_Flag',
    positive: 'Attrited Customer',
    exclude: [`${NAIVE_BAYES}1`, `${NAIVE_BAYES}2`],
  },
  {
    name: 'bank_av',
    path: '../shared/data/bank_av/churn_prediction.csv.gz',
    id: 'customer_id',
    target: 'churn',
    exclude: [],
  },
  {
    name: 'ecommerce',
    path: '../shared/data/ecommerce/ecommerce_churn.csv.gz',
    id: 'CustomerID',
    target: 'Churn',
    exclude: [],
  },
  {
    name: 'telecom_bigml',
    path: '../shared/data/telecom_bigml/telecom_churn.csv.gz',
    id: 'phone number',
    target: 'churn',
    positive: 'True',
    exclude: [],
  },
  {
    name: 'powerco',
    path: '../shared/data/powerco/powerco_churn.csv.gz',
    id: 'id',
    target: 'churn',
    exclude: [],
  },
];
