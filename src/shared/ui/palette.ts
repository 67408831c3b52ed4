/**
 * The app's colours, one meaning each in every chart: churners and loyal customers, the rule in
 * force, the best cut, a capacity and the references a curve is read against.
 */
export const PALETTE = {
  churner: '#c0392b',
  loyal: '#1f4e79',
  model: '#0b6e4f',
  modelBand: 'rgba(11,110,79,0.12)',
  modelBandEdge: 'rgba(11,110,79,0.25)',
  portfolio: '#6c3483',
  rule: '#1b2631',
  best: '#0b6e4f',
  capacity: '#d68910',
  reference: '#8a8f94',
} as const;
