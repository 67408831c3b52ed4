/** The app's words in Portuguese (the default) and English, and number formatting per language. */
import type { DecimalMark, DecimalTextProblem } from '../core/decimalText';
import { type FileProblem, type RowProblem, shownNumber, shownText } from '../core/records';
export type Language = 'pt-BR' | 'en';

const pt = {
  title: 'Retém — rentabilidade de retenção',
  subtitle:
    'Encontre clientes insatisfeitos antes que saiam e invista em retenção só onde compensa.',
  switchLanguage: 'English',
  loading: 'Preparando',
  stage_model: 'carregando o modelo',
  stage_download: 'baixando os clientes',
  stage_install: 'instalando os clientes no navegador',
  'stage_warm-up': 'aquecendo o modelo',
  stage_scoring: 'pontuando os clientes',
  failed: 'Não foi possível iniciar',
  'rowId_no-id': 'sem ID',
  'row_field-count': 'tem {found} campos, mas o cabeçalho tem {expected}',
  'row_not-a-number': '"{text}" não é um número',
  'row_blank-cell': 'em branco: pontuada como valor ausente',
  'row_blank-target': 'o alvo está em branco',
  'file_not-text':
    'O arquivo não é texto (é uma planilha como .xlsx, um arquivo compactado ou outro binário): salve-o como CSV (UTF-8 ou UTF-16), compactado com gzip ou não.',
  'file_repeated-column': 'O cabeçalho repete a coluna "{column}".',
  'file_no-id-column': 'O arquivo não tem a coluna de ID "{column}".',
  'file_no-target-column': 'O arquivo não tem a coluna-alvo "{column}".',
  file_closest: 'Nomes mais próximos no cabeçalho: {names}.',
  file_empty: 'O arquivo está vazio: não tem nem a linha de cabeçalho.',
  'file_corrupt-gzip':
    'O arquivo está compactado com gzip, mas danificado ou incompleto: compacte-o de novo ou use-o sem compactar.',
  'file_column-kind': 'A coluna "{column}" deveria ser numérica, mas tem texto.',
  'file_text-column': 'O modelo lê a coluna "{column}" como texto, mas ela traz números.',
  'file_missing-columns': 'Faltam ao arquivo {count} coluna(s) que o modelo lê: {columns}.',
  'row_non-finite': '"{text}" é grande demais para um número: pontuada como o maior possível',
  'row_out-of-range':
    '{value} está muito fora da faixa do treino (plausível: {low} a {high}): pontuada com corte',
  'rowId_id-kind': 'o ID "{id}" {problem}: os IDs deste modelo são números inteiros ≥ 0',
  'rowId_duplicate-id': 'o ID "{id}" se repete (primeira vez na linha {firstRow})',
  idKind_empty: 'está vazio',
  'idKind_not-a-number': 'não é um número',
  'idKind_not-whole': 'não é um número inteiro',
  idKind_negative: 'é negativo',
  'idKind_too-large': 'passa de 2^53, onde IDs perdem dígitos',
  'modelFiles_spec-not-retem': 'preprocess.json não é uma especificação do Retém.',
  'modelFiles_spec-version':
    'preprocess.json está na versão {found} do formato; este app lê a versão {supported}. Exporte o modelo de novo com npm run train.',
  'modelFiles_spec-edited':
    'preprocess.json não confere com o seu hash de esquema ({recorded}): foi editado ou está corrompido.',
  'modelFiles_metrics-not-retem': 'metrics.json não é um arquivo de métricas do Retém.',
  'modelFiles_metrics-other-training':
    'metrics.json e preprocess.json vêm de treinamentos diferentes (esquemas {metrics} e {spec}).',
  'modelFiles_network-unreadable': 'model.json não é um modelo TF.js que este app saiba ler.',
  'modelFiles_input-width':
    'a rede lê {network} entradas, mas a especificação produz {spec}: os arquivos vêm de exportações diferentes.',
  'modelFiles_weights-size':
    'weights.bin tem {found} bytes, mas model.json descreve {expected}: os arquivos vêm de exportações diferentes.',
  ready: '{count} clientes prontos · modelo em {backend} ({mode})',
  storagePersistent: 'armazenamento persistente',
  storageBestEffort: 'o navegador pode apagar a carteira guardada se faltar espaço',
  storageFull:
    'o armazenamento do navegador está cheio e não há carteira instalada: libere espaço e recarregue a página.',
  'notice_storage-full-kept':
    'O armazenamento do navegador está cheio: a nova carteira não coube. Continua respondendo a carteira anterior ({count} clientes, de {createdAt}).',
  'notice_snapshot-switched':
    'Outra aba instalou uma carteira nova: as respostas vêm agora dela ({count} clientes, de {createdAt}).',
  'notice_portfolio-updating':
    'Uma carteira nova ({count} clientes, de {createdAt}) está sendo instalada; até ela entrar, responde a carteira instalada.',
  'notice_portfolio-updated':
    'A carteira nova entrou: as respostas vêm agora dela ({count} clientes, de {createdAt}).',
  'notice_portfolio-opened':
    'Carteira aberta do seu disco: {count} clientes, de {createdAt}. Ela fica neste navegador e não sai da máquina.',
  noPortfolio:
    'Nenhuma carteira instalada. Abra o CSV dos seus clientes, ou uma carteira gerada por npm run snapshot.',
  openPortfolio: 'Abrir carteira (.snapshot ou CSV de clientes)',
  portfolioRows:
    'Da carteira em CSV: {skipped} linhas ignoradas e {warnings} avisos (as mesmas regras de npm run snapshot).',
  'portfolio_not-a-snapshot': 'Este arquivo não é uma carteira do Retém nem um CSV de clientes.',
  'portfolio_not-one-portfolio':
    'Estes arquivos não são as partes de uma mesma carteira: escolha todas as partes que npm run snapshot gerou juntas.',
  'portfolio_other-model':
    'Esta carteira foi gerada para outro modelo (esquema {schemaHash}; o modelo é {model}): gere-a de novo com npm run snapshot e o modelo atual.',
  'portfolio_storage-full':
    'O armazenamento do navegador está cheio: a carteira não coube. A anterior continua respondendo.',
  tabDecision: 'Decisão',
  tabQuality: 'Qualidade do modelo',
  tabSegments: 'Segmentos',
  tabCompare: 'Campeão × desafiante',
  compareTitle: 'Campeão × desafiante',
  compareIntro:
    'Compare o modelo que responde (o campeão) com um segundo modelo: o do build (pasta challenger/) ou um aberto do disco (model.json, weights.bin, preprocess.json e metrics.json de um diretório do npm run train). Nada sai da máquina.',
  compareBundled: 'Comparar com o desafiante do build',
  compareFromDisk: 'Abrir um modelo do disco',
  compareLoading: 'Lendo o desafiante e pontuando a carteira…',
  challenger_absent: 'Este build não traz um desafiante.',
  'challenger_missing-files': 'Faltam arquivos do modelo: {files}.',
  challenger_unreadable: '{file} não pôde ser lido.',
  challengerProvenance:
    'Desafiante ({source}): treinado em {date} com {file} (hash dos dados {hash}).',
  challengerBundled: 'do build',
  challengerDisk: 'aberto do disco',
  compareTestRows: 'Nas linhas de teste ({rows} clientes rotulados), cada um no seu próprio limiar',
  'compareRows_other-data':
    'Os dois modelos foram treinados com dados diferentes: suas linhas de teste não são as mesmas, e não há comparação pareada honesta.',
  'compareRows_other-split':
    'Os dois modelos dividiram os dados de outro modo (semente ou parcela de teste): suas linhas de teste não são as mesmas.',
  'compareRows_other-rows':
    'As linhas de teste dos dois modelos não coincidem, embora os dados e a divisão pareçam os mesmos.',
  compareTable: 'Campeão e desafiante nas linhas de teste',
  champion: 'Campeão',
  challenger: 'Desafiante',
  compareOwnThreshold: 'Limiar do próprio modelo',
  compareProfit: 'Lucro no limiar',
  compareDifference: 'Desafiante − campeão',
  compareInterval: 'Diferença, intervalo de 90% (bootstrap pareado)',
  compareChance: 'P(desafiante lucra mais)',
  compareChart: 'Lucro nas linhas de teste (R$) × limiar: campeão e desafiante',
  comparePortfolio: 'Na carteira: quem cada um contataria',
  comparePortfolioProblem: 'O desafiante não pode pontuar esta carteira: {reason}',
  compareBoth: 'Os dois contatam',
  compareChampionOnly: 'Só o campeão',
  compareChallengerOnly: 'Só o desafiante',
  compareExpectedChampion: 'Lucro esperado, campeão',
  compareExpectedChallenger: 'Lucro esperado, desafiante',
  compareExpectedNote:
    'Lucros esperados pelas probabilidades de cada modelo: comparáveis só se os dois forem calibrados; o lucro realizado vem das linhas de teste acima.',
  segmentsTitle: 'Limiar por segmento',
  segmentsLoading: 'Lendo os segmentos do modelo…',
  segments_absent:
    'Este modelo não traz segmentos (segments.json): treine-o de novo com npm run train para vê-los.',
  'segments_other-model': 'O arquivo de segmentos é de outro modelo; treine de novo para vê-los.',
  'segments_test-rows':
    'O arquivo de segmentos não tem as linhas de teste deste modelo; treine de novo para vê-los.',
  'segments_not-segments': 'O arquivo de segmentos do modelo não pôde ser lido.',
  segments_inconsistent: 'O arquivo de segmentos do modelo está incompleto.',
  segmentsNone:
    'Nenhuma coluna do modelo se presta a segmentos (categorias ou faixas com clientes suficientes).',
  segmentColumn: 'Segmentar por',
  segmentOther: 'outras',
  segmentsSource:
    'Limiares escolhidos juntos nas probabilidades fora da dobra das {development} linhas de desenvolvimento (nunca nas de teste); um limiar global é escolhido do mesmo modo. Os dois planos são medidos nas {test} linhas de teste.',
  segmentsWhy:
    'Com probabilidades calibradas, o ponto de equilíbrio é o mesmo em todo segmento: limiares por segmento só ganham onde a calibração difere entre segmentos, e o intervalo diz se é o caso.',
  segmentsCapacity:
    'Capacidade: {capacity} contatos = {share} dos clientes, ou seja, {development} nas linhas de desenvolvimento.',
  segmentsProfit: 'Lucro nas linhas de teste, limiar por segmento',
  segmentsGlobalProfit: 'Com um limiar global ({threshold})',
  segmentsGain: 'Ganho do limiar por segmento',
  segmentsGainInterval: 'Ganho, intervalo de 90% (bootstrap pareado)',
  segmentsGainChance: 'P(ganho > 0)',
  segmentsTable: 'Plano por segmento',
  segmentsThreshold: 'Limiar',
  segmentsTestRows: 'Linhas de teste',
  segmentsChurners: 'Churners',
  segmentsContacts: 'Contatados',
  segmentsProfitShort: 'Lucro (teste)',
  segmentsGlobalShort: 'Lucro com o limiar global',
  segmentsChart: 'Lucro nas linhas de teste (R$) × limiar, por segmento',
  segmentsExport: 'Exportar o plano por segmento (CSV)',
  segmentsExportContacts:
    'Exportar os contatos da carteira ({count} clientes) com estes limiares e a capacidade (CSV)',
  segmentsExported: '{count} clientes a contatar, exportados com o segmento de cada um.',
  segmentsExportFailed: 'A lista de contatos não pôde ser feita.',
  tabBatch: 'Pontuar arquivo',
  lookupTitle: 'Consultar cliente',
  customerId: 'ID do cliente',
  lookup: 'Consultar',
  id_empty: 'Digite um ID.',
  'id_not-a-number': 'O ID deve ser um número.',
  'id_not-whole': 'O ID deve ser um número inteiro.',
  id_negative: 'O ID não pode ser negativo.',
  'id_too-large': 'O ID é grande demais.',
  unknownId: 'Nenhum cliente com o ID {id}.',
  missingValue: 'ausente',
  probability: 'Probabilidade de churn',
  decision: 'Decisão no limiar atual',
  contact: 'Contatar',
  skip: 'Não contatar',
  valueOfActing: 'Ganho esperado de contatar (sobre não contatar)',
  rank: 'Posição',
  rankValue: '{rank}º de {count} (percentil {percentile})',
  contributions:
    'O que pesa na pontuação (oclusão: cada coluna trocada pela mediana de treino, ou pela categoria mais comum)',
  thresholdTitle: 'Limiar e lucro',
  threshold: 'Limiar de decisão',
  payoffs: 'Retorno por cliente (R$)',
  payoff_tp: 'Ganho ao reter um churner contatado (R$)',
  payoff_fp: 'Custo de um contato desnecessário (R$)',
  payoff_fn: 'Perda com um churner não contatado (R$)',
  payoff_tn: 'Ganho com um cliente fiel não contatado (R$)',
  'payoffProblem_wasted-contact-pays':
    'Com estes valores, um contato desnecessário rende mais que deixar o cliente em paz: confira os sinais.',
  'payoffProblem_retained-churner-loses':
    'Com estes valores, reter um churner rende menos que não contatá-lo: confira os sinais.',
  capacity: 'Capacidade (máx. de contatos; vazio = sem limite)',
  'rule_expected-gain':
    'Regra recomendada: contatar quem tem probabilidade ≥ {threshold}, onde o ganho esperado de contatar, pelas probabilidades do modelo, não é negativo.',
  rule_hand: 'Limiar escolhido à mão: contatar quem tem probabilidade ≥ {threshold}.',
  ruleCapacity:
    'A capacidade de {capacity} contatos eleva o limiar de {from} para {threshold}: os {contacted} clientes mais propensos.',
  ruleCapacityNobody: 'Com a capacidade de {capacity} contatos, ninguém é contatado.',
  rule_nobody:
    'Regra recomendada: não contatar ninguém. Com estes valores, contatar não compensa em nenhuma probabilidade.',
  followRule: 'Voltar à regra recomendada',
  recommendedTitle: 'Com a regra recomendada',
  recommendedAt: '{profit} contatando {contacted} (limiar {threshold})',
  hindsight:
    'Para comparar: o limiar ótimo em retrospecto nas linhas de teste é {threshold}. Escolhido nos mesmos clientes cujo lucro mostra, é otimista; não é uma recomendação.',
  numberProblem_empty: 'Digite um valor.',
  'numberProblem_not-a-number': '"{text}" não é um número.',
  'numberProblem_not-whole': 'Use um número inteiro.',
  'numberProblem_below-minimum': 'Use um valor a partir de {minimum}.',
  numberProblem_positive: 'Digite o valor sem sinal de menos: ele já é um custo.',
  'numberProblem_above-maximum': 'Use um valor até {maximum}.',
  evaluationTitle: 'Na avaliação ({rows} clientes rotulados do teste)',
  profitAtThreshold: 'Lucro no limiar',
  bestProfit: 'Lucro máximo possível na avaliação',
  precision: 'Precisão',
  recall: 'Revocação',
  confusion: 'Matriz de confusão',
  actualChurner: 'Churner',
  actualLoyal: 'Fiel',
  contacted: 'Contatados',
  notContacted: 'Não contatados',
  snapshotTitle: 'Na base a pontuar ({count} clientes)',
  toContact: 'Clientes a contatar',
  expectedProfit: 'Lucro esperado',
  profitVsThreshold: 'Lucro nas linhas de teste (R$) × limiar',
  profitVsContacted: 'Lucro nas linhas de teste (R$) × % de clientes contatados',
  portfolioCurve: 'Lucro esperado da carteira (R$) × clientes contatados',
  portfolioCalibration:
    'Vem das probabilidades do modelo (p·VP + (1−p)·FP por cliente contatado, p·FN + (1−p)·VN pelos demais): só vale se elas forem calibradas; veja a calibração em Qualidade.',
  markersNote:
    'Linhas tracejadas: o corte atual (vermelho); em verde, o ótimo em retrospecto nas linhas de teste (escolhido nos mesmos clientes cujo lucro mostra, não é uma recomendação) e o ótimo esperado da carteira; o limite de capacidade (laranja).',
  exportContacts: 'Exportar a lista de contatos ({count} clientes, CSV)',
  contactListFile: 'retem-contatos.csv',
  provenanceModel: 'Modelo treinado em {date} com {file} (hash dos dados {hash}).',
  provenanceLocal: 'Não veio do registro do MLflow (treinado localmente).',
  provenanceRegistry: 'Do registro do MLflow: {name} versão {version}, execução {run}.',
  provenancePortfolio: 'Carteira: {count} clientes, gerada em {date}.',
  profitInterval: 'Lucro no limiar, intervalo de 90% (bootstrap)',
  uncertainValue: 'Valor de um churner retido incerto (R$, uniforme; acompanha o ganho ao reter)',
  valueFrom: 'Valor mínimo (R$)',
  valueTo: 'Valor máximo (R$)',
  valueNeedsGain: 'Defina um ganho ao reter positivo para dar uma faixa ao valor.',
  expectedAtThreshold: 'Lucro esperado no limiar',
  empc: 'Lucro máximo esperado (EMPC)',
  empcNote:
    'Nas linhas de teste. O EMPC (Verbraken et al., 2013) é a média, sobre o valor incerto, do melhor lucro em qualquer limiar: o que se ganharia escolhendo o limiar sabendo o valor.',
  frameDecision: 'Enquadrar a decisão',
  showWhole: 'Ver a curva inteira',
  resetZoom: 'Desfazer o zoom',
  zoomHint: 'Arraste sobre um gráfico para ampliar.',
  band: 'faixa bootstrap de 90%',
  qualityTitle: 'Qualidade do modelo',
  qualitySource:
    'Números do conjunto de teste: {rows} clientes que o modelo não viu no treino nem na escolha do limiar.',
  roc: 'Curva ROC',
  pr: 'Precisão × revocação',
  calibration: 'Calibração',
  histogram: 'Distribuição das pontuações',
  predictedProbability: 'Probabilidade prevista',
  observedChurnRate: 'Churn observado',
  shareOfClass: '% da classe',
  gains: 'Ganhos acumulados',
  modelCard: 'Ficha do modelo',
  batchTitle: 'Pontuar um arquivo CSV',
  chooseFile: 'Arquivo CSV',
  cancel: 'Cancelar',
  parsing: 'Lendo e pontuando: {rows} linhas',
  batchSummary: '{scored} de {read} linhas pontuadas; {issues} com problemas.',
  batchWarnings:
    '{warnings} avisos: células em branco, grandes demais ou muito fora da faixa do treino, pontuadas assim mesmo.',
  outcome: 'Resultado',
  outcomeSkipped: 'ignorada',
  outcomeWarning: 'pontuada, com aviso',
  problems: 'Linhas com problemas',
  row: 'Linha',
  column: 'Coluna',
  reason: 'Motivo',
  export: 'Exportar decisões (CSV)',
  results: 'Clientes pontuados, do maior risco ao menor',
  id: 'ID',
  expectedValue: 'Valor esperado (R$)',
  driftWarning: 'Atenção: estes clientes diferem dos de treino (PSI > 0,25). Maiores desvios:',
  driftOk: 'Distribuição próxima à de treino. Maiores desvios (PSI):',
};

const en: Record<keyof typeof pt, string> = {
  title: 'Retém — retention profit',
  subtitle:
    'Find unsatisfied customers before they leave, and spend retention money only where it pays.',
  switchLanguage: 'Português',
  loading: 'Getting ready',
  stage_model: 'loading the model',
  stage_download: 'downloading the customers',
  stage_install: 'installing the customers in the browser',
  'stage_warm-up': 'warming up the model',
  stage_scoring: 'scoring the customers',
  failed: 'Could not start',
  'rowId_no-id': 'no ID',
  'row_field-count': 'has {found} fields where the header has {expected}',
  'row_not-a-number': '"{text}" is not a number',
  'row_blank-cell': 'blank: scored as a missing value',
  'row_blank-target': 'the target is blank',
  'file_not-text':
    'The file is not text (a spreadsheet such as .xlsx, an archive or another binary file): save it as CSV (UTF-8 or UTF-16), gzip-compressed or not.',
  'file_repeated-column': 'The header repeats the column "{column}".',
  'file_no-id-column': 'The file has no ID column "{column}".',
  'file_no-target-column': 'The file has no target column "{column}".',
  file_closest: 'Closest names in its header: {names}.',
  file_empty: 'The file is empty: it has no header line.',
  'file_corrupt-gzip':
    'The file is gzip-compressed but damaged or cut short: compress it again, or use it uncompressed.',
  'file_column-kind': 'The column "{column}" should be numeric but holds text.',
  'file_text-column': 'The model reads the column "{column}" as text, but it holds numbers.',
  'file_missing-columns': 'The file lacks {count} column(s) the model reads: {columns}.',
  'row_non-finite': '"{text}" is too large for a number: scored as the largest one',
  'row_out-of-range':
    '{value} is far outside the training range (plausible: {low} to {high}): scored clipped',
  'rowId_id-kind': 'the ID "{id}" {problem}: this model\'s IDs are whole numbers ≥ 0',
  'rowId_duplicate-id': 'the ID "{id}" appears again (first at row {firstRow})',
  idKind_empty: 'is empty',
  'idKind_not-a-number': 'is not a number',
  'idKind_not-whole': 'is not a whole number',
  idKind_negative: 'is negative',
  'idKind_too-large': 'is beyond 2^53, where IDs lose digits',
  'modelFiles_spec-not-retem': 'preprocess.json is not a Retém spec.',
  'modelFiles_spec-version':
    'preprocess.json has format version {found}; this app reads version {supported}. Export the model again with npm run train.',
  'modelFiles_spec-edited':
    'preprocess.json does not match its schema hash ({recorded}): it was edited or is corrupt.',
  'modelFiles_metrics-not-retem': 'metrics.json is not a Retém metrics file.',
  'modelFiles_metrics-other-training':
    'metrics.json and preprocess.json come from different trainings (schemas {metrics} and {spec}).',
  'modelFiles_network-unreadable': 'model.json is not a TF.js model this app can read.',
  'modelFiles_input-width':
    'the network reads {network} inputs but the spec makes {spec}: the files come from different exports.',
  'modelFiles_weights-size':
    'weights.bin holds {found} bytes where model.json describes {expected}: the files come from different exports.',
  ready: '{count} customers ready · model on {backend} ({mode})',
  storagePersistent: 'persistent storage',
  storageBestEffort: 'the browser may clear the stored portfolio when space runs low',
  storageFull:
    'the browser’s storage is full and no portfolio is installed: free some space and reload the page.',
  'notice_storage-full-kept':
    'The browser’s storage is full: the new portfolio did not fit. The previous one still answers ({count} customers, of {createdAt}).',
  'notice_snapshot-switched':
    'Another tab installed a new portfolio: answers now come from it ({count} customers, of {createdAt}).',
  'notice_portfolio-updating':
    'A newer portfolio ({count} customers, of {createdAt}) is installing; until it switches in, the installed one answers.',
  'notice_portfolio-updated':
    'The newer portfolio has switched in: answers come from it now ({count} customers, of {createdAt}).',
  'notice_portfolio-opened':
    'Portfolio opened from your disk: {count} customers, of {createdAt}. It stays in this browser and never leaves the machine.',
  noPortfolio:
    'No portfolio installed. Open your customers’ CSV, or a portfolio made by npm run snapshot.',
  openPortfolio: 'Open a portfolio (.snapshot or customer CSV)',
  portfolioRows:
    'From the CSV portfolio: {skipped} rows skipped and {warnings} warnings (the rules of npm run snapshot).',
  'portfolio_not-a-snapshot': 'This file is neither a Retém portfolio nor a customer CSV.',
  'portfolio_not-one-portfolio':
    'These files are not the parts of one portfolio: pick all the parts npm run snapshot wrote together.',
  'portfolio_other-model':
    'This portfolio was made for another model (schema {schemaHash}; the model is {model}): make it again with npm run snapshot and the current model.',
  'portfolio_storage-full':
    'The browser’s storage is full: the portfolio did not fit. The previous one still answers.',
  tabDecision: 'Decision',
  tabQuality: 'Model quality',
  tabSegments: 'Segments',
  tabCompare: 'Champion × challenger',
  compareTitle: 'Champion × challenger',
  compareIntro:
    'Compare the model that answers (the champion) with a second model: the build’s (its challenger/ folder) or one opened from disk (model.json, weights.bin, preprocess.json and metrics.json of an npm run train directory). Nothing leaves the machine.',
  compareBundled: 'Compare with the build’s challenger',
  compareFromDisk: 'Open a model from disk',
  compareLoading: 'Reading the challenger and scoring the portfolio…',
  challenger_absent: 'This build ships no challenger.',
  'challenger_missing-files': 'Model files missing: {files}.',
  challenger_unreadable: '{file} could not be read.',
  challengerProvenance: 'Challenger ({source}): trained on {date} with {file} (data hash {hash}).',
  challengerBundled: 'from the build',
  challengerDisk: 'opened from disk',
  compareTestRows: 'On the test rows ({rows} labelled customers), each at its own threshold',
  'compareRows_other-data':
    'The two models were trained on different data: their test rows are not the same, and there is no honest paired comparison.',
  'compareRows_other-split':
    'The two models split the data another way (seed or test share): their test rows are not the same.',
  'compareRows_other-rows':
    'The two models’ test rows do not match, although the data and the split look the same.',
  compareTable: 'Champion and challenger on the test rows',
  champion: 'Champion',
  challenger: 'Challenger',
  compareOwnThreshold: 'The model’s own threshold',
  compareProfit: 'Profit at the threshold',
  compareDifference: 'Challenger − champion',
  compareInterval: 'Difference, 90% interval (paired bootstrap)',
  compareChance: 'P(challenger earns more)',
  compareChart: 'Profit on the test rows (R$) × threshold: champion and challenger',
  comparePortfolio: 'On the portfolio: whom each would contact',
  comparePortfolioProblem: 'The challenger cannot score this portfolio: {reason}',
  compareBoth: 'Both contact',
  compareChampionOnly: 'Only the champion',
  compareChallengerOnly: 'Only the challenger',
  compareExpectedChampion: 'Expected profit, champion',
  compareExpectedChallenger: 'Expected profit, challenger',
  compareExpectedNote:
    'Expected profits by each model’s own probabilities: comparable only if both are calibrated; realised profit comes from the test rows above.',
  segmentsTitle: 'A threshold per segment',
  segmentsLoading: 'Reading the model’s segments…',
  segments_absent:
    'This model carries no segments (segments.json): train it again with npm run train to see them.',
  'segments_other-model': 'The segments file belongs to another model; train again to see them.',
  'segments_test-rows':
    'The segments file does not hold this model’s test rows; train again to see them.',
  'segments_not-segments': 'The model’s segments file could not be read.',
  segments_inconsistent: 'The model’s segments file is incomplete.',
  segmentsNone:
    'No column of the model lends itself to segments (categories or bins with enough customers).',
  segmentColumn: 'Segment by',
  segmentOther: 'other',
  segmentsSource:
    'Thresholds chosen jointly on the out-of-fold probabilities of the {development} development rows (never on the test rows); one global threshold is chosen the same way. Both plans are measured on the {test} test rows.',
  segmentsWhy:
    'With calibrated probabilities the break-even point is the same in every segment: per-segment thresholds gain only where calibration differs between segments, and the interval says whether it does.',
  segmentsCapacity:
    'Capacity: {capacity} contacts = {share} of the customers, that is {development} on the development rows.',
  segmentsProfit: 'Profit on the test rows, a threshold per segment',
  segmentsGlobalProfit: 'With one global threshold ({threshold})',
  segmentsGain: 'Gain of the per-segment thresholds',
  segmentsGainInterval: 'Gain, 90% interval (paired bootstrap)',
  segmentsGainChance: 'P(gain > 0)',
  segmentsTable: 'Plan per segment',
  segmentsThreshold: 'Threshold',
  segmentsTestRows: 'Test rows',
  segmentsChurners: 'Churners',
  segmentsContacts: 'Contacted',
  segmentsProfitShort: 'Profit (test)',
  segmentsGlobalShort: 'Profit at the global threshold',
  segmentsChart: 'Profit on the test rows (R$) × threshold, per segment',
  segmentsExport: 'Export the per-segment plan (CSV)',
  segmentsExportContacts:
    'Export the portfolio’s contacts ({count} customers) at these thresholds and the capacity (CSV)',
  segmentsExported: '{count} customers to contact, exported with the segment of each.',
  segmentsExportFailed: 'The contact list could not be made.',
  tabBatch: 'Score a file',
  lookupTitle: 'Look up a customer',
  customerId: 'Customer ID',
  lookup: 'Look up',
  id_empty: 'Type an ID.',
  'id_not-a-number': 'The ID must be a number.',
  'id_not-whole': 'The ID must be a whole number.',
  id_negative: 'The ID cannot be negative.',
  'id_too-large': 'The ID is too large.',
  unknownId: 'No customer has the ID {id}.',
  missingValue: 'missing',
  probability: 'Churn probability',
  decision: 'Decision at the current threshold',
  contact: 'Contact',
  skip: 'Do not contact',
  valueOfActing: 'Expected gain of contacting (over not contacting)',
  rank: 'Rank',
  rankValue: '{rank} of {count} (percentile {percentile})',
  contributions:
    'What drives the score (occlusion: each column set to its training median, or its most common category)',
  thresholdTitle: 'Threshold and profit',
  threshold: 'Decision threshold',
  payoffs: 'Payoff per customer (R$)',
  payoff_tp: 'Gain from retaining a contacted churner (R$)',
  payoff_fp: 'Cost of a needless contact (R$)',
  payoff_fn: 'Loss from a churner not contacted (R$)',
  payoff_tn: 'Gain from a loyal customer left alone (R$)',
  'payoffProblem_wasted-contact-pays':
    'With these values a needless contact earns more than leaving the customer alone: check the signs.',
  'payoffProblem_retained-churner-loses':
    'With these values retaining a churner earns less than not contacting them: check the signs.',
  capacity: 'Capacity (most contacts; empty = no limit)',
  'rule_expected-gain':
    'Recommended rule: contact customers with probability ≥ {threshold}, where the expected gain of contacting, by the model’s probabilities, is not negative.',
  rule_hand: 'Threshold set by hand: contact customers with probability ≥ {threshold}.',
  ruleCapacity:
    'The capacity of {capacity} contacts raises the threshold from {from} to {threshold}: the {contacted} most likely customers.',
  ruleCapacityNobody: 'With a capacity of {capacity} contacts, nobody is contacted.',
  rule_nobody:
    'Recommended rule: contact nobody. With these values, contacting does not pay at any probability.',
  followRule: 'Back to the recommended rule',
  recommendedTitle: 'With the recommended rule',
  recommendedAt: '{profit} contacting {contacted} (threshold {threshold})',
  hindsight:
    'For comparison: the hindsight-best threshold on the test rows is {threshold}. Chosen on the very customers whose profit it shows, it is optimistic; it is not a recommendation.',
  numberProblem_empty: 'Type a value.',
  'numberProblem_not-a-number': '"{text}" is not a number.',
  'numberProblem_not-whole': 'Use a whole number.',
  'numberProblem_below-minimum': 'Use a value of {minimum} or more.',
  numberProblem_positive: 'Type the amount without a minus sign: it is already a cost.',
  'numberProblem_above-maximum': 'Use a value of {maximum} or less.',
  evaluationTitle: 'On the evaluation ({rows} labelled test customers)',
  profitAtThreshold: 'Profit at the threshold',
  bestProfit: 'Best profit possible on the evaluation',
  precision: 'Precision',
  recall: 'Recall',
  confusion: 'Confusion matrix',
  actualChurner: 'Churner',
  actualLoyal: 'Loyal',
  contacted: 'Contacted',
  notContacted: 'Not contacted',
  snapshotTitle: 'On the customers to score ({count})',
  toContact: 'Customers to contact',
  expectedProfit: 'Expected profit',
  profitVsThreshold: 'Profit on the test rows (R$) vs threshold',
  profitVsContacted: 'Profit on the test rows (R$) vs % of customers contacted',
  portfolioCurve: 'Expected profit of the portfolio (R$) vs customers contacted',
  portfolioCalibration:
    'It comes from the model’s probabilities (p·TP + (1−p)·FP per customer contacted, p·FN + (1−p)·TN for the others): it holds only if they are calibrated; see the calibration under Quality.',
  markersNote:
    'Dashed lines: the current cut (red); in green, the hindsight optimum on the test rows (chosen on the very customers whose profit it shows, not a recommendation) and the portfolio’s expected optimum; the capacity limit (orange).',
  exportContacts: 'Export the contact list ({count} customers, CSV)',
  contactListFile: 'retem-contacts.csv',
  provenanceModel: 'Model trained on {date} with {file} (data hash {hash}).',
  provenanceLocal: 'It did not come from the MLflow registry (trained locally).',
  provenanceRegistry: 'From the MLflow registry: {name} version {version}, run {run}.',
  provenancePortfolio: 'Portfolio: {count} customers, made on {date}.',
  profitInterval: 'Profit at the threshold, 90% interval (bootstrap)',
  uncertainValue: 'Uncertain value of a retained churner (R$, uniform; follows the retention gain)',
  valueFrom: 'Lowest value (R$)',
  valueTo: 'Highest value (R$)',
  valueNeedsGain: 'Set a positive retention gain to give the value a range.',
  expectedAtThreshold: 'Expected profit at the threshold',
  empc: 'Expected maximum profit (EMPC)',
  empcNote:
    'On the test rows. EMPC (Verbraken et al., 2013) is the mean, over the uncertain value, of the best profit at any threshold: what choosing the threshold knowing the value would earn.',
  frameDecision: 'Frame the decision',
  showWhole: 'Show the whole curve',
  resetZoom: 'Reset zoom',
  zoomHint: 'Drag across a chart to zoom in.',
  band: '90% bootstrap band',
  qualityTitle: 'Model quality',
  qualitySource:
    'Figures from the test set: {rows} customers the model never saw in training or in choosing the threshold.',
  roc: 'ROC curve',
  pr: 'Precision vs recall',
  calibration: 'Calibration',
  histogram: 'Score distribution',
  predictedProbability: 'Predicted probability',
  observedChurnRate: 'Observed churn',
  shareOfClass: '% of the class',
  gains: 'Cumulative gains',
  modelCard: 'Model card',
  batchTitle: 'Score a CSV file',
  chooseFile: 'CSV file',
  cancel: 'Cancel',
  parsing: 'Reading and scoring: {rows} rows',
  batchSummary: '{scored} of {read} rows scored; {issues} with problems.',
  batchWarnings:
    '{warnings} warnings: cells blank, too large or far outside the training range, scored all the same.',
  outcome: 'Outcome',
  outcomeSkipped: 'skipped',
  outcomeWarning: 'scored, with a warning',
  problems: 'Rows with problems',
  row: 'Row',
  column: 'Column',
  reason: 'Reason',
  export: 'Export decisions (CSV)',
  results: 'Scored customers, highest risk first',
  id: 'ID',
  expectedValue: 'Expected value (R$)',
  driftWarning:
    'Warning: these customers differ from the training ones (PSI > 0.25). Largest shifts:',
  driftOk: 'Close to the training distribution. Largest shifts (PSI):',
};

export type MessageKey = keyof typeof pt;
const dictionaries: Record<Language, Record<MessageKey, string>> = { 'pt-BR': pt, en };

/** The message in a language, with {name} placeholders filled. */
export function translate(
  language: Language,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  return dictionaries[language][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(params[name] ?? `{${name}}`),
  );
}

/**
 * Intl formatters are costly to build and the views format many numbers on every threshold
 * change: one formatter per language and options, built on first use.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(language, options);
    numberFormats.set(key, format);
  }
  return format;
}
const dateFormats = new Map<Language, Intl.DateTimeFormat>();

/** A snapshot's creation time (ISO 8601) as a date and time; the text itself if it is not one. */
export function formatDate(language: Language, iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  let format = dateFormats.get(language);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' });
    dateFormats.set(language, format);
  }
  return format.format(time);
}

/** R$ amounts, e.g. "R$ 1.234,56" in Portuguese and "R$1,234.56" in English. */
export function formatMoney(language: Language, value: number, digits = 0): string {
  return numberFormat(language, {
    style: 'currency',
    currency: 'BRL',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function formatNumber(language: Language, value: number, digits = 0): string {
  return numberFormat(language, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function formatPercent(language: Language, value: number, digits = 1): string {
  return Number.isFinite(value)
    ? numberFormat(language, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(value)
    : '—';
}

/** The decimal mark a language types: ',' in Portuguese, '.' in English. */
export function decimalMarkOf(language: Language): DecimalMark {
  return language === 'pt-BR' ? ',' : '.';
}

/** A value as a box shows it for editing: the language's decimal mark, no grouping, ≤ digits. */
export function formatEditable(language: Language, value: number, digits: number): string {
  return numberFormat(language, { maximumFractionDigits: digits, useGrouping: false }).format(
    value,
  );
}

/**
 * Why a number box refused what was typed (core's DecimalTextProblem), in the view's language; a
 * cost box says that its amount is typed without a minus sign.
 */
export function numberProblemText(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  problem: DecimalTextProblem,
  language: Language,
  typed: string,
  isCost = false,
): string {
  switch (problem.code) {
    case 'empty':
      return t('numberProblem_empty');
    case 'not-a-number':
      return t('numberProblem_not-a-number', { text: shownText(typed) });
    case 'not-whole':
      return t('numberProblem_not-whole');
    case 'below-minimum':
      return isCost && problem.minimum === 0
        ? t('numberProblem_positive')
        : t('numberProblem_below-minimum', { minimum: formatNumber(language, problem.minimum) });
    case 'above-maximum':
      return t('numberProblem_above-maximum', {
        maximum: formatEditable(language, problem.maximum, 6),
      });
  }
}

/** " Closest names in its header: "a", "b"." after a missing column, or nothing. */
function closestNames(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  closest: readonly string[],
): string {
  return closest.length === 0
    ? ''
    : ` ${t('file_closest', { names: closest.map((name) => `"${name}"`).join(', ') })}`;
}

/** Why an uploaded file was refused as a whole (core's FileProblem), in the view's language. */
export function fileRefusal(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  problem: FileProblem,
): string {
  switch (problem.code) {
    case 'not-text':
      return t('file_not-text');
    case 'empty':
      return t('file_empty');
    case 'corrupt-gzip':
      return t('file_corrupt-gzip');
    case 'repeated-column':
      return t('file_repeated-column', { column: problem.column });
    case 'no-id-column':
      return t('file_no-id-column', { column: problem.column }) + closestNames(t, problem.closest);
    case 'no-target-column':
      return (
        t('file_no-target-column', { column: problem.column }) + closestNames(t, problem.closest)
      );
    case 'column-kind':
      return t('file_column-kind', { column: problem.column });
    case 'text-column':
      return t('file_text-column', { column: problem.column });
    case 'missing-columns':
      return t('file_missing-columns', {
        count: problem.count,
        columns: problem.columns.join(', ') + (problem.count > problem.columns.length ? ', …' : ''),
      });
  }
}

/** Why a row was not scored, or what looks wrong in a scored one (core's RowProblem). */
export function rowReason(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  problem: RowProblem,
  language: Language,
): string {
  switch (problem.code) {
    case 'no-id':
      return t('rowId_no-id');
    case 'id-kind':
      return t('rowId_id-kind', {
        id: shownText(problem.id),
        problem: t(`idKind_${problem.problem}`),
      });
    case 'duplicate-id':
      return t('rowId_duplicate-id', { id: shownText(problem.id), firstRow: problem.firstRow });
    case 'field-count':
      return t('row_field-count', { found: problem.found, expected: problem.expected });
    case 'not-a-number':
      return t('row_not-a-number', { text: shownText(problem.text) });
    case 'blank-target':
      return t('row_blank-target');
    case 'blank-cell':
      return t('row_blank-cell');
    case 'non-finite':
      return t('row_non-finite', { text: shownText(problem.text) });
    case 'out-of-range':
      return t('row_out-of-range', {
        value: shownNumber(problem.value, language),
        low: shownNumber(problem.low, language),
        high: shownNumber(problem.high, language),
      });
  }
}
