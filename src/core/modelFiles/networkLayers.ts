/**
 * The layer classes a scoring network's model.json may hold: what `npm run train` exports and what
 * this code can load. A model naming any other class comes from a newer (or foreign) export, and
 * the files check says so before TF.js fails on it.
 */

/** The tree members' layer classes in model.json. */
export const OBLIVIOUS_TREES_LAYER_CLASS = 'ObliviousTrees';
export const DEPTHWISE_TREES_LAYER_CLASS = 'DepthwiseTrees';

/** Every layer class this code scores with. */
export const SCORING_LAYER_CLASSES: readonly string[] = [
  'InputLayer',
  'Dense',
  'Concatenate',
  OBLIVIOUS_TREES_LAYER_CLASS,
  DEPTHWISE_TREES_LAYER_CLASS,
];

/**
 * The first layer class of a parsed model topology's layers that this code cannot score with, or
 * null when it knows them all. A layer entry without a string class_name counts as the class ''.
 */
export function firstUnknownLayerClass(layers: readonly unknown[]): string | null {
  for (const layer of layers) {
    const className =
      typeof layer === 'object' && layer !== null && 'class_name' in layer
        ? layer.class_name
        : undefined;
    const name = typeof className === 'string' ? className : '';
    if (!SCORING_LAYER_CLASSES.includes(name)) return name;
  }
  return null;
}
