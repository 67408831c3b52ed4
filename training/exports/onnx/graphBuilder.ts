/**
 * A small builder for ONNX graphs: it hands out unique value names, keeps constant tensors as
 * initializers, and records nodes in the order they are added (ONNX wants them topologically
 * sorted, which adding them as they are computed gives). It knows nothing of the protobuf format;
 * onnxFile.ts turns what it holds into bytes.
 */

/** ONNX TensorProto.DataType codes used here. */
export const ONNX_TYPE = { float: 1, int64: 7, string: 8, bool: 9, double: 11 } as const;
export type OnnxElementType = keyof typeof ONNX_TYPE;

export type OnnxAttribute =
  | { readonly name: string; readonly kind: 'int'; readonly value: number }
  | { readonly name: string; readonly kind: 'float'; readonly value: number }
  | { readonly name: string; readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly name: string; readonly kind: 'strings'; readonly value: readonly string[] };

export interface OnnxNode {
  readonly opType: string;
  readonly domain: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly OnnxAttribute[];
}

export type OnnxTensorData =
  | { readonly type: 'float'; readonly values: Float32Array }
  | { readonly type: 'double'; readonly values: Float64Array }
  | { readonly type: 'int64'; readonly values: readonly number[] }
  | { readonly type: 'bool'; readonly values: readonly boolean[] }
  | { readonly type: 'string'; readonly values: readonly string[] };

export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: OnnxTensorData;
}

/** A graph input or output: a name, an element type and a shape ('N' is the batch dimension). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly type: OnnxElementType;
  readonly shape: readonly (number | string)[];
  readonly doc?: string;
}

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  /** A value name not used before, derived from a hint. */
  fresh(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    while (this.used.has(name)) name = `${base}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /** Declares a graph input; its name is kept exactly (inputs are named after raw columns). */
  input(info: OnnxValueInfo): string {
    if (this.used.has(info.name)) throw new Error(`the graph already has a value "${info.name}"`);
    this.used.add(info.name);
    this.inputs.push(info);
    return info.name;
  }

  /** Declares a graph output, computed by an Identity of `value` so that its name is exact. */
  output(info: OnnxValueInfo, value: string): void {
    if (this.used.has(info.name)) throw new Error(`the graph already has a value "${info.name}"`);
    this.used.add(info.name);
    this.nodes.push({
      opType: 'Identity',
      domain: '',
      name: `output_${info.name}`,
      inputs: [value],
      outputs: [info.name],
      attributes: [],
    });
    this.outputs.push(info);
  }

  /** A constant tensor. */
  constant(hint: string, data: OnnxTensorData, dims: readonly number[]): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, data });
    return name;
  }

  doubles(hint: string, values: ArrayLike<number>, dims = [values.length]): string {
    return this.constant(hint, { type: 'double', values: Float64Array.from(values) }, dims);
  }

  floats(hint: string, values: ArrayLike<number>, dims = [values.length]): string {
    return this.constant(hint, { type: 'float', values: Float32Array.from(values) }, dims);
  }

  int64s(hint: string, values: readonly number[], dims = [values.length]): string {
    return this.constant(hint, { type: 'int64', values }, dims);
  }

  /** Adds a node with one output and returns the output's name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: readonly OnnxAttribute[] = [],
    hint: string = opType.toLowerCase(),
    domain = '',
  ): string {
    return this.opWithOutputs(opType, inputs, [hint], attributes, domain)[0] ?? '';
  }

  /** Adds a node with one output per hint and returns the outputs' names. */
  opWithOutputs(
    opType: string,
    inputs: readonly string[],
    hints: readonly string[],
    attributes: readonly OnnxAttribute[] = [],
    domain = '',
  ): string[] {
    const outputs = hints.map((hint) => this.fresh(hint));
    this.nodes.push({
      opType,
      domain,
      name: `${opType}_${this.nodes.length}`,
      inputs,
      outputs,
      attributes,
    });
    return outputs;
  }
}
